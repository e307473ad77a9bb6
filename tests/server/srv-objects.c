/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Object endpoints: create, read, PATCH/PUT, delete, relations, locks, revert, bulk, audit, trash.
 */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-objects.h"

#include <string.h>

static void
reply_object (Srv *srv, SoupServerMessage *msg, guint status, const char *uuid,
              const SrvRender *render)
{
  g_autoptr(GString) out = g_string_new (NULL);

  srv_render_uuid (srv, out, uuid, render);
  srv_reply_json_text (msg, status, out->str, out->len);
}

/* The not-found answer differs per route (ObjectsController v1.0.1): show and update catch
 * DoesNotExistException as {"error":"Not Found"}; patch, postPatch, lock and merge say "Object not
 * found". */
static void
reply_not_found (SoupServerMessage *msg)
{
  srv_reply_error (msg, 404, "error", "Object not found");
}

static void
reply_not_found_show (SoupServerMessage *msg)
{
  srv_reply_error (msg, 404, "error", "Not Found");
}

static void
copy_members (JsonObject *dst, JsonObject *src)
{
  GList *names = json_object_get_members (src);

  for (GList *l = names; l; l = l->next)
    {
      const char *k = l->data;
      if (g_str_equal (k, "id") || g_str_equal (k, "@self") || g_str_equal (k, "uuid"))
        continue;
      json_object_set_member (dst, k, json_node_copy (json_object_get_member (src, k)));
    }
  g_list_free (names);
}

static void
apply_defaults (SrvSchema *schema, JsonObject *data)
{
  GList *names = json_object_get_members (schema->properties);

  for (GList *l = names; l; l = l->next)
    {
      JsonObject *prop = json_object_get_object_member (schema->properties, l->data);
      if (json_object_has_member (prop, "default") &&
          !json_object_get_null_member (prop, "default") &&
          (!json_object_has_member (data, l->data) ||
           srv_value_is_empty (json_object_get_member (data, l->data))))
        json_object_set_member (data, l->data,
                                json_node_copy (json_object_get_member (prop, "default")));
    }
  g_list_free (names);
}

static char *
validation_error_body (JsonObject *errors, gboolean is_post)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  GList *names = json_object_get_members (errors);
  g_autofree char *first = g_strdup_printf ("Validation failed: %s",
                                            json_object_get_string_member (errors, names->data));

  g_list_free (names);
  if (is_post)
    {
      /* a failed create answers a bare JSON string */
      node = json_node_init_string (json_node_alloc (), first);
      return json_to_string (node, FALSE);
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "error");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, "Validation failed");
  json_builder_set_member_name (b, "errors");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), errors));
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  return json_to_string (node, FALSE);
}

/* Without hardValidation only the database stops a missing required property (a NOT NULL column).
 */
static char *
missing_required (SrvSchema *schema, JsonObject *data)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, schema->required);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!json_object_has_member (data, key) ||
        srv_value_is_empty (json_object_get_member (data, key)))
      return g_strdup_printf (
          "{\"error\":\"An exception occurred while executing a query: SQLSTATE[23000]: "
          "Integrity constraint violation: 1048 Column '%s' cannot be null\"}",
          (char *) key);
  return NULL;
}

static JsonObject *
diff_changes (JsonObject *old, JsonObject *new)
{
  JsonObject *changed = json_object_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  GList *a = json_object_get_members (old), *b = json_object_get_members (new);
  GHashTableIter iter;
  gpointer key;

  for (GList *l = a; l; l = l->next)
    g_hash_table_add (keys, l->data);
  for (GList *l = b; l; l = l->next)
    g_hash_table_add (keys, l->data);
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      JsonNode *o = json_object_has_member (old, key) ? json_object_get_member (old, key) : NULL;
      JsonNode *n = json_object_has_member (new, key) ? json_object_get_member (new, key) : NULL;
      JsonObject *entry;
      if (o != NULL && n != NULL && json_node_equal (o, n))
        continue;
      entry = json_object_new ();
      json_object_set_member (entry, "old",
                              o ? json_node_copy (o) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (entry, "new",
                              n ? json_node_copy (n) : json_node_new (JSON_NODE_NULL));
      json_object_set_object_member (changed, key, entry);
    }
  g_list_free (a);
  g_list_free (b);
  return changed;
}

static char *
status_of (JsonObject *data)
{
  if (!json_object_has_member (data, "status") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (data, "status")))
    return NULL;
  return g_strdup (json_object_get_string_member (data, "status"));
}

static gboolean
lock_is_active (const char *locked, const char *user, char **holder)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  g_autoptr(GDateTime) exp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (locked == NULL || !json_parser_load_from_data (parser, locked, -1, NULL))
    return FALSE;
  o = json_node_get_object (json_parser_get_root (parser));
  exp = g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (o, "expiration",
                                                                                  ""),
                                      NULL);
  if (exp == NULL || g_date_time_compare (exp, now) <= 0)
    return FALSE;
  if (holder)
    *holder = g_strdup (json_object_get_string_member_with_default (o, "user", ""));
  return g_strcmp0 (json_object_get_string_member_with_default (o, "user", ""), user) != 0;
}

static gboolean
lock_is_held_by (const char *locked, const char *user)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (locked == NULL || user == NULL || !json_parser_load_from_data (parser, locked, -1, NULL))
    return FALSE;
  return g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (
                                                                    json_parser_get_root (parser)),
                                                                "user", ""),
                    user) == 0;
}

SrvObject *
srv_objects_write (Srv *srv, SrvSchema *schema, SrvObject *existing, JsonObject *body,
                   const char *user, gboolean replace, gboolean is_post, guint *status,
                   char **error_body)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonObject) errors = json_object_new ();
  g_autoptr(JsonObject) changed = NULL;
  g_autofree char *old_status = existing ? status_of (existing->data) : NULL;
  SrvObject *obj = existing ? existing : srv_object_new (schema);
  gboolean created = existing == NULL || existing->deleted != NULL;

  if (existing == NULL && json_object_has_member (body, "id") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (body, "id")))
    obj->uuid =
        g_strdup (json_object_get_string_member (body, "id")); /* a client-made id is honoured */
  if (existing != NULL && !replace)
    copy_members (data, existing->data);
  copy_members (data, body);
  if (existing == NULL || replace)
    apply_defaults (schema, data);
  if (schema->hard_validation && !srv_validate (schema, data, errors))
    {
      *status = 400;
      *error_body = validation_error_body (errors, is_post);
      goto fail;
    }
  if (!schema->hard_validation && (*error_body = missing_required (schema, data)) != NULL)
    {
      *status = 403;
      goto fail;
    }
  if (existing != NULL)
    changed = diff_changes (existing->data, data);
  json_object_unref (obj->data);
  obj->data = json_object_ref (data);
  g_clear_pointer (&obj->deleted, g_free);
  if (lock_is_held_by (obj->locked, user))
    g_clear_pointer (&obj->locked, g_free);
  srv_object_store (srv, obj, user, created ? "create" : "update", changed, TRUE, NULL);
  srv_side_effects_after_save (srv, obj, old_status, created);
  return obj;

fail:
  if (existing == NULL)
    srv_object_free (obj);
  return NULL;
}

static JsonObject *
body_object (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = srv_body_json (msg, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      srv_reply_error (msg, 400, "error", "Invalid JSON in request body");
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

static void
reply_write_failure (SoupServerMessage *msg, guint status, const char *body)
{
  srv_reply_json_text (msg, status, body, -1);
}

void
srv_objects_create (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user)
{
  g_autoptr(JsonObject) body = body_object (msg);
  SrvObject *existing = NULL;
  SrvObject *obj;
  g_autofree char *error_body = NULL;
  guint status = 0;
  const char *id;

  if (body == NULL)
    return;
  id = json_object_get_string_member_with_default (body, "id", NULL);
  if (id != NULL && *id)
    existing = srv_object_load (srv, id, TRUE); /* an existing id is replaced, not refused */
  obj = srv_objects_write (srv, schema, existing, body, user ? user->uid : NULL, TRUE, TRUE,
                           &status, &error_body);
  if (obj == NULL)
    {
      reply_write_failure (msg, status, error_body);
      srv_object_free (existing);
      return;
    }
  reply_object (srv, msg, 201, obj->uuid, NULL);
  srv_object_free (obj);
}

void
srv_objects_get (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                 SrvUser *user, GPtrArray *params)
{
  SrvObject *obj = srv_object_load (srv, uuid, FALSE);
  SrvRender render = { 0 };

  if (obj == NULL || obj->schema != schema)
    {
      reply_not_found_show (
          msg); /* also a soft-deleted object: the magic table query skips _deleted rows */
      srv_object_free (obj);
      return;
    }
  srv_audit_write (srv, obj, "read", json_object_new (), user ? user->uid : NULL);
  srv_render_from_params (&render, params);
  reply_object (srv, msg, 200, uuid, &render);
  srv_render_clear (&render);
  srv_object_free (obj);
}

void
srv_objects_update (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                    SrvUser *user, gboolean replace)
{
  g_autoptr(JsonObject) body = NULL;
  SrvObject *obj = srv_object_load (srv, uuid, FALSE);
  g_autofree char *holder = NULL;
  g_autofree char *error_body = NULL;
  guint status = 0;

  if (obj == NULL || obj->schema != schema)
    {
      if (replace)
        reply_not_found_show (msg);
      else
        reply_not_found (msg);
      srv_object_free (obj);
      return;
    }
  /* only a PUT is stopped by another user's lock (PATCH is not: a key-name bug upstream) */
  if (replace && lock_is_active (obj->locked, user->uid, &holder))
    {
      g_autofree char *text =
          g_strdup_printf ("{\"error\":\"Object is locked by %s\",\"lockedBy\":\"%s\"}", holder,
                           holder);
      srv_reply_json_text (msg, 423, text, -1);
      srv_object_free (obj);
      return;
    }
  body = body_object (msg);
  if (body == NULL || srv_objects_write (srv, schema, obj, body, user->uid, replace, FALSE, &status,
                                         &error_body) == NULL)
    {
      if (body != NULL)
        reply_write_failure (msg, status, error_body);
      srv_object_free (obj);
      return;
    }
  reply_object (srv, msg, 200, uuid, NULL);
  srv_object_free (obj);
}

void
srv_objects_delete (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                    SrvUser *user)
{
  SrvObject *obj = srv_object_load (srv, uuid, TRUE);
  g_autofree char *text = NULL;

  /* ObjectsController::destroy answers every exception 403 {"error"}, a missing object too
   * (MagicMapper::findAcrossAllMagicTables); an object already in the trash is found and deleted
   * again */
  if (obj == NULL || obj->schema != schema)
    {
      text = g_strdup_printf ("Object with identifier '%s' not found in any magic table", uuid);
      srv_reply_error (msg, 403, "error", text);
      srv_object_free (obj);
      return;
    }
  if (obj->deleted == NULL)
    srv_object_soft_delete (srv, obj, user->uid, "Deleted via API");
  soup_server_message_set_status (msg, 204, NULL);
  srv_object_free (obj);
}

static void
append_rows_by_sql (Srv *srv, GString *out, const char *sql, const char *uuid, gint64 limit,
                    gint64 offset, gint64 *count)
{
  sqlite3_stmt *stmt = srv_prepare (srv, sql);

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  *count = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (*count > 0)
        g_string_append_c (out, ',');
      srv_render_row (srv, out, stmt, NULL);
      (*count)++;
    }
  sqlite3_finalize (stmt);
}

static void
append_param_or_int (GString *out, const char *key, const char *given, gint64 fallback)
{
  /* PHP echoes $query['_limit'] ?? 30: a query parameter is a string */
  if (given != NULL)
    {
      g_string_append_printf (out, ",\"%s\":\"", key);
      for (const char *p = given; *p; p++)
        if (*p != '"' && *p != '\\' && (guchar) *p >= 0x20)
          g_string_append_c (out, *p);
      g_string_append_c (out, '"');
    }
  else
    g_string_append_printf (out, ",\"%s\":%" G_GINT64_FORMAT, key, fallback);
}

/* …/uses: what the object points at, all found then sliced, "total" the count before the slice
 * (RelationHandler::getUses); …/used: what points at it, newest change first, "total" the count of
 * the page only (RelationHandler::getUsedBy). Both answer {results,total,limit,offset}, page with
 * _limit (default 30) and _offset, and never 404. */
void
srv_objects_relations (Srv *srv, SoupServerMessage *msg, const char *uuid, gboolean incoming,
                       GPtrArray *params)
{
  static const char *used_sql =
      "SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE o.deleted IS NULL AND o.rowid IN"
      " (SELECT source FROM refs WHERE target = ?1) ORDER BY o.updated DESC, o.rowid LIMIT ?2"
      " OFFSET ?3";
  static const char *uses_sql =
      "SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE o.deleted IS NULL AND o.uuid IN"
      " (SELECT r.target FROM refs r JOIN objects s ON s.rowid = r.source WHERE s.uuid = ?1 AND"
      " s.deleted IS NULL)"
      " AND o.uuid != ?1 ORDER BY o.rowid LIMIT ?2 OFFSET ?3";
  g_autoptr(GString) out = g_string_new ("{\"results\":[");
  const char *lv = srv_param (params, "_limit");
  const char *ov = srv_param (params, "_offset");
  gint64 limit = lv ? g_ascii_strtoll (lv, NULL, 10) : 30;
  gint64 offset = ov ? MAX (0, g_ascii_strtoll (ov, NULL, 10)) : 0;
  gint64 count = 0, total = 0;

  if (limit <= 0)
    limit = incoming ? 0 : -1;
  append_rows_by_sql (srv, out, incoming ? used_sql : uses_sql, uuid, limit, offset, &count);
  total = count;
  if (!incoming)
    {
      g_autoptr(GString) all = g_string_new (NULL);
      append_rows_by_sql (srv, all, uses_sql, uuid, -1, 0, &total);
    }
  g_string_append_printf (out, "],\"total\":%" G_GINT64_FORMAT, total);
  append_param_or_int (out, "limit", lv, 30);
  append_param_or_int (out, "offset", ov, 0);
  g_string_append_c (out, '}');
  srv_reply_json_text (msg, 200, out->str, out->len);
}

static void
write_lock (Srv *srv, SrvObject *obj, const char *locked)
{
  sqlite3_stmt *stmt = srv_prepare (srv, "UPDATE objects SET locked = ? WHERE rowid = ?");

  if (locked)
    sqlite3_bind_text (stmt, 1, locked, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, obj->rowid);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static char *
lock_text (Srv *srv, const char *user, JsonObject *body)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *now = srv_now (srv);
  /* without a duration the lock expires at once */
  gint64 duration = body ? json_object_get_int_member_with_default (body, "duration", 0) : 0;
  g_autofree char *expiration = srv_time_format (g_get_real_time () / G_USEC_PER_SEC + duration);
  const char *process =
      body ? json_object_get_string_member_with_default (body, "process", NULL) : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "process");
  json_builder_add_string_value (b, process);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "duration");
  json_builder_add_int_value (b, duration);
  json_builder_set_member_name (b, "expiration");
  json_builder_add_string_value (b, expiration);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  return json_to_string (node, FALSE);
}

/* The answer is only {"uuid", "locked"}, whatever was asked. */
void
srv_objects_lock (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                  SrvUser *user, gboolean lock)
{
  SrvObject *obj = srv_object_load (srv, uuid, FALSE);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *answer = NULL;

  if (obj == NULL)
    {
      reply_not_found (msg);
      return;
    }
  if (lock)
    {
      body = srv_body_json (msg, NULL);
      text = lock_text (srv, user->uid,
                        body && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL);
    }
  write_lock (srv, obj, text);
  /* ObjectsController::unlock answers a fixed message; lock merges {"locked": true} into the lock
   * result */
  if (lock)
    answer = g_strdup_printf ("{\"uuid\":\"%s\",\"locked\":true}", uuid);
  else
    answer = g_strdup_printf (
        "{\"message\":\"Object unlocked successfully\",\"locked\":false,\"uuid\":\"%s\"}", uuid);
  srv_reply_json_text (msg, 200, answer, -1);
  srv_object_free (obj);
}

/* POST …/revert: through slugs the object is not found (404); through numeric ids the controller
 * calls a method that does not exist (500). Neither reverts anything. */
static gboolean
revert_point_given (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = srv_body_json (msg, NULL);
  JsonObject *o = body && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  static const char *keys[] = { "datetime", "auditTrailId", "version" };

  for (guint i = 0; o && i < G_N_ELEMENTS (keys); i++)
    if (json_object_has_member (o, keys[i]) && !json_object_get_null_member (o, keys[i]))
      return TRUE;
  return FALSE;
}

void
srv_objects_revert (Srv *srv, SoupServerMessage *msg, const char *uuid, gboolean numeric_path)
{
  /* RevertController::revert checks the revert point before anything else */
  if (!revert_point_given (msg))
    srv_reply_error (msg, 400, "error", "Must specify either datetime, auditTrailId, or version");
  else if (numeric_path)
    srv_reply_error (
        msg, 500, "error",
        "Call to undefined method OCA\\OpenRegister\\Db\\AuditTrailMapper::revertObject()");
  else
    srv_reply_error (msg, 404, "error", "Object not found");
}

static JsonArray *
body_array (JsonObject *body, const char *key)
{
  JsonNode *n = body ? json_object_get_member (body, key) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n) ||
      json_array_get_length (json_node_get_array (n)) == 0)
    return NULL;
  return json_node_get_array (n);
}

static void
add_counts (JsonBuilder *b, guint total, guint saved, guint updated, guint invalid)
{
  json_builder_set_member_name (b, "totalProcessed");
  json_builder_add_int_value (b, total);
  json_builder_set_member_name (b, "saved");
  json_builder_add_int_value (b, saved);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, updated);
  json_builder_set_member_name (b, "unchanged");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "invalid");
  json_builder_add_int_value (b, invalid);
  json_builder_set_member_name (b, "errors");
  json_builder_add_int_value (b, invalid);
}

/* BulkController::save answers {success, message, saved_count, saved_objects, requested_count},
 * where saved_objects is SaveObjects::saveObjects' result: the objects by outcome, statistics,
 * per-chunk statistics and performance (one chunk here); no "objects" array is 400. */
void
srv_objects_bulk_save (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user)
{
  g_autoptr(JsonNode) node = srv_body_json (msg, NULL);
  JsonArray *objects =
      body_array (node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL,
                  "objects");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *saved = json_array_new (), *updated = json_array_new (), *invalid = json_array_new ();
  JsonArray *errors = json_array_new ();
  gint64 start = g_get_monotonic_time ();
  guint n;
  double ms;

  if (objects == NULL)
    {
      srv_reply_error (msg, 400, "error", "Invalid input. \"objects\" array is required.");
      goto out;
    }
  n = json_array_get_length (objects);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (objects, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      const char *id = o ? json_object_get_string_member_with_default (o, "id", NULL) : NULL;
      SrvObject *existing = id ? srv_object_load (srv, id, TRUE) : NULL;
      gboolean was_live = existing != NULL && existing->deleted == NULL;
      g_autofree char *err = NULL;
      guint status = 0;
      SrvObject *obj =
          o ? srv_objects_write (srv, schema, existing, o, user->uid, FALSE, TRUE, &status, &err)
            : NULL;
      if (obj == NULL)
        {
          JsonObject *inv = json_object_new ();
          json_object_set_member (inv, "object", json_node_copy (e));
          json_object_set_string_member (inv, "error", err ? err : "Invalid object");
          json_array_add_object_element (invalid, inv);
          json_array_add_string_element (errors, err ? err : "Invalid object");
          srv_object_free (existing);
          continue;
        }
      json_array_add_element (was_live ? updated : saved, srv_object_node (srv, obj->uuid));
      srv_object_free (obj);
    }
  ms = (g_get_monotonic_time () - start) / 1000.0;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, "Bulk save operation completed successfully");
  json_builder_set_member_name (b, "saved_count");
  json_builder_add_int_value (b, json_array_get_length (saved) + json_array_get_length (updated));
  json_builder_set_member_name (b, "saved_objects");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "saved");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), saved));
  json_builder_set_member_name (b, "updated");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), updated));
  json_builder_set_member_name (b, "unchanged");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "invalid");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), invalid));
  json_builder_set_member_name (b, "errors");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), errors));
  json_builder_set_member_name (b, "statistics");
  json_builder_begin_object (b);
  add_counts (b, n, json_array_get_length (saved), json_array_get_length (updated),
              json_array_get_length (invalid));
  json_builder_set_member_name (b, "processingTimeMs");
  json_builder_add_double_value (b, ms);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "chunkStatistics");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "chunkIndex");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, n);
  json_builder_set_member_name (b, "saved");
  json_builder_add_int_value (b, json_array_get_length (saved));
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, json_array_get_length (updated));
  json_builder_set_member_name (b, "unchanged");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "invalid");
  json_builder_add_int_value (b, json_array_get_length (invalid));
  json_builder_set_member_name (b, "processingTime");
  json_builder_add_double_value (b, ms);
  json_builder_set_member_name (b, "speed");
  json_builder_add_double_value (b, n / MAX (ms / 1000.0, 0.001));
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "performance");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "totalTime");
  json_builder_add_double_value (b, ms / 1000.0);
  json_builder_set_member_name (b, "totalTimeMs");
  json_builder_add_double_value (b, ms);
  json_builder_set_member_name (b, "objectsPerSecond");
  json_builder_add_double_value (b, n / MAX (ms / 1000.0, 0.001));
  json_builder_set_member_name (b, "totalProcessed");
  json_builder_add_int_value (b, n);
  json_builder_set_member_name (b, "totalRequested");
  json_builder_add_int_value (b, n);
  json_builder_set_member_name (b, "efficiency");
  json_builder_add_double_value (b, 100.0);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "requested_count");
  json_builder_add_int_value (b, n);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, root);
out:
  json_array_unref (saved);
  json_array_unref (updated);
  json_array_unref (invalid);
  json_array_unref (errors);
}

/* BulkController::delete: {success, message, deleted_count, deleted_uuids, requested_count,
 * skipped_count, skipped_uuids, cascade_count, total_affected}; no "uuids" array is 400. */
void
srv_objects_bulk_delete (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user)
{
  g_autoptr(JsonNode) node = srv_body_json (msg, NULL);
  JsonArray *uuids =
      body_array (node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL,
                  "uuids");
  g_autoptr(JsonArray) deleted = json_array_new ();
  g_autoptr(JsonArray) skipped = json_array_new ();
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) root = NULL;

  if (uuids == NULL)
    {
      srv_reply_error (msg, 400, "error", "Invalid input. \"uuids\" array is required.");
      return;
    }
  for (guint i = 0; i < json_array_get_length (uuids); i++)
    {
      const char *id = json_node_get_string (json_array_get_element (uuids, i));
      SrvObject *obj = id ? srv_object_load (srv, id, FALSE) : NULL;
      if (obj != NULL && obj->schema == schema)
        {
          srv_object_soft_delete (srv, obj, user->uid, "Bulk delete via API");
          json_array_add_string_element (deleted, id);
        }
      else if (id != NULL)
        json_array_add_string_element (skipped, id);
      srv_object_free (obj);
    }
  json_object_set_boolean_member (answer, "success", TRUE);
  json_object_set_string_member (answer, "message", "Bulk delete operation completed successfully");
  json_object_set_int_member (answer, "deleted_count", json_array_get_length (deleted));
  json_object_set_array_member (answer, "deleted_uuids", json_array_ref (deleted));
  json_object_set_int_member (answer, "requested_count", json_array_get_length (uuids));
  json_object_set_int_member (answer, "skipped_count", json_array_get_length (skipped));
  json_object_set_array_member (answer, "skipped_uuids", json_array_ref (skipped));
  json_object_set_int_member (answer, "cascade_count", 0);
  json_object_set_int_member (answer, "total_affected", json_array_get_length (deleted));
  root = json_node_init_object (json_node_alloc (), answer);
  srv_reply_json_node (msg, 200, root);
}
