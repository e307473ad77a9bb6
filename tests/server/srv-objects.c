/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Object endpoints: create, read, PATCH/PUT, delete, relations, locks, revert, bulk, audit, trash. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-objects.h"

#include <string.h>

static void
reply_object (Srv *srv, SoupServerMessage *msg, guint status, const char *uuid, const SrvRender *render)
{
  g_autoptr(GString) out = g_string_new (NULL);

  srv_render_uuid (srv, out, uuid, render);
  srv_reply_json_text (msg, status, out->str, out->len);
}

static void
reply_not_found (SoupServerMessage *msg)
{
  srv_reply_error (msg, 404, "message", "Object not found");
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
      if (json_object_has_member (prop, "default") && !json_object_get_null_member (prop, "default") &&
          (!json_object_has_member (data, l->data) || srv_value_is_empty (json_object_get_member (data, l->data))))
        json_object_set_member (data, l->data, json_node_copy (json_object_get_member (prop, "default")));
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

/* Without hardValidation only the database stops a missing required property (a NOT NULL column). */
static char *
missing_required (SrvSchema *schema, JsonObject *data)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, schema->required);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!json_object_has_member (data, key) || srv_value_is_empty (json_object_get_member (data, key)))
      return g_strdup_printf ("{\"error\":\"An exception occurred while executing a query: SQLSTATE[23000]: "
                              "Integrity constraint violation: 1048 Column '%s' cannot be null\"}", (char *) key);
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
      json_object_set_member (entry, "old", o ? json_node_copy (o) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (entry, "new", n ? json_node_copy (n) : json_node_new (JSON_NODE_NULL));
      json_object_set_object_member (changed, key, entry);
    }
  g_list_free (a);
  g_list_free (b);
  return changed;
}

static char *
status_of (JsonObject *data)
{
  if (!json_object_has_member (data, "status") || !JSON_NODE_HOLDS_VALUE (json_object_get_member (data, "status")))
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
  exp = g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (o, "expiration", ""), NULL);
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
  return g_strcmp0 (json_object_get_string_member_with_default (
      json_node_get_object (json_parser_get_root (parser)), "user", ""), user) == 0;
}

SrvObject *
srv_objects_write (Srv *srv, SrvSchema *schema, SrvObject *existing, JsonObject *body, const char *user,
                   gboolean replace, gboolean is_post, guint *status, char **error_body)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonObject) errors = json_object_new ();
  g_autoptr(JsonObject) changed = NULL;
  g_autofree char *old_status = existing ? status_of (existing->data) : NULL;
  SrvObject *obj = existing ? existing : srv_object_new (schema);
  gboolean created = existing == NULL || existing->deleted != NULL;

  if (existing == NULL && json_object_has_member (body, "id") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (body, "id")))
    obj->uuid = g_strdup (json_object_get_string_member (body, "id")); /* a client-made id is honoured */
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
  obj = srv_objects_write (srv, schema, existing, body, user ? user->uid : NULL, TRUE, TRUE, &status, &error_body);
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
srv_objects_get (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid, SrvUser *user,
                 GPtrArray *params)
{
  SrvObject *obj = srv_object_load (srv, uuid, FALSE);
  SrvRender render = { 0 };

  if (obj == NULL || obj->schema != schema)
    {
      reply_not_found (msg);
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
srv_objects_update (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid, SrvUser *user,
                    gboolean replace)
{
  g_autoptr(JsonObject) body = NULL;
  SrvObject *obj = srv_object_load (srv, uuid, FALSE);
  g_autofree char *holder = NULL;
  g_autofree char *error_body = NULL;
  guint status = 0;

  if (obj == NULL || obj->schema != schema)
    {
      reply_not_found (msg);
      srv_object_free (obj);
      return;
    }
  /* only a PUT is stopped by another user's lock (PATCH is not: a key-name bug upstream) */
  if (replace && lock_is_active (obj->locked, user->uid, &holder))
    {
      g_autofree char *text = g_strdup_printf ("{\"error\":\"Object is locked by %s\",\"lockedBy\":\"%s\"}",
                                               holder, holder);
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
srv_objects_delete (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid, SrvUser *user)
{
  SrvObject *obj = srv_object_load (srv, uuid, FALSE);

  if (obj == NULL || obj->schema != schema)
    {
      reply_not_found (msg);
      srv_object_free (obj);
      return;
    }
  srv_object_soft_delete (srv, obj, user->uid, "Deleted via API");
  soup_server_message_set_status (msg, 204, NULL);
  srv_object_free (obj);
}

static void
append_rows_by_sql (Srv *srv, GString *out, const char *sql, const char *uuid, gint64 limit, gint64 offset,
                    gint64 *count)
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

/* …/uses: what the object points at; …/used: what points at it, 30 a page, with "total" the count of
 * the page only (RelationHandler::getUsedBy); neither answers 404. */
void
srv_objects_relations (Srv *srv, SoupServerMessage *msg, const char *uuid, gboolean incoming, GPtrArray *params)
{
  static const char *used_sql =
    "SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE o.deleted IS NULL AND o.rowid IN"
    " (SELECT source FROM refs WHERE target = ?1) ORDER BY o.rowid LIMIT ?2 OFFSET ?3";
  static const char *uses_sql =
    "SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE o.deleted IS NULL AND o.uuid IN"
    " (SELECT r.target FROM refs r JOIN objects s ON s.rowid = r.source WHERE s.uuid = ?1)"
    " ORDER BY o.rowid LIMIT ?2 OFFSET ?3";
  g_autoptr(GString) out = g_string_new ("{\"results\":[");
  const char *lv = srv_param (params, "_limit");
  const char *pv = srv_param (params, "_page");
  gint64 limit = lv ? CLAMP (g_ascii_strtoll (lv, NULL, 10), 1, 30) : 30;
  gint64 page = pv ? MAX (1, g_ascii_strtoll (pv, NULL, 10)) : 1;
  gint64 count = 0;

  if (!incoming)
    limit = lv ? MAX (1, g_ascii_strtoll (lv, NULL, 10)) : 1000;
  append_rows_by_sql (srv, out, incoming ? used_sql : uses_sql, uuid, limit, (page - 1) * limit, &count);
  g_string_append_printf (out, "],\"total\":%" G_GINT64_FORMAT ",\"page\":%" G_GINT64_FORMAT
                          ",\"pages\":1,\"limit\":%" G_GINT64_FORMAT "}", count, page, limit);
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
  const char *process = body ? json_object_get_string_member_with_default (body, "process", NULL) : NULL;

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
srv_objects_lock (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid, SrvUser *user,
                  gboolean lock)
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
      text = lock_text (srv, user->uid, body && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL);
    }
  write_lock (srv, obj, text);
  answer = g_strdup_printf ("{\"uuid\":\"%s\",\"locked\":%s}", uuid, lock ? "true" : "false");
  srv_reply_json_text (msg, 200, answer, -1);
  srv_object_free (obj);
}

/* POST …/revert: through slugs the object is not found (404); through numeric ids the controller calls a
 * method that does not exist (500). Neither reverts anything. */
void
srv_objects_revert (Srv *srv, SoupServerMessage *msg, const char *uuid, gboolean numeric_path)
{
  if (numeric_path)
    srv_reply_error (msg, 500, "error",
                     "Call to undefined method OCA\\OpenRegister\\Db\\AuditTrailMapper::revertObject()");
  else
    srv_reply_error (msg, 404, "error", "Object not found");
}

void
srv_objects_bulk_save (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user)
{
  g_autoptr(JsonObject) body = body_object (msg);
  JsonArray *objects;
  guint created = 0, updated = 0, invalid = 0;
  g_autofree char *answer = NULL;

  if (body == NULL)
    return;
  objects = json_object_get_array_member (body, "objects");
  for (guint i = 0; objects && i < json_array_get_length (objects); i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);
      const char *id = o ? json_object_get_string_member_with_default (o, "id", NULL) : NULL;
      SrvObject *existing = id ? srv_object_load (srv, id, TRUE) : NULL;
      g_autofree char *err = NULL;
      guint status = 0;
      SrvObject *obj = o ? srv_objects_write (srv, schema, existing, o, user->uid, FALSE, TRUE, &status, &err) : NULL;
      if (obj == NULL)
        {
          invalid++;
          srv_object_free (existing);
          continue;
        }
      if (existing)
        updated++;
      else
        created++;
      srv_object_free (obj);
    }
  answer = g_strdup_printf ("{\"success\":true,\"message\":\"Bulk save operation completed successfully\","
                            "\"saved\":%u,\"created\":%u,\"updated\":%u,\"invalid\":%u}",
                            created + updated, created, updated, invalid);
  srv_reply_json_text (msg, 200, answer, -1);
}

void
srv_objects_bulk_delete (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user)
{
  g_autoptr(JsonObject) body = body_object (msg);
  JsonArray *uuids;
  guint deleted = 0;
  g_autofree char *answer = NULL;

  if (body == NULL)
    return;
  uuids = json_object_get_array_member (body, "uuids");
  for (guint i = 0; uuids && i < json_array_get_length (uuids); i++)
    {
      SrvObject *obj = srv_object_load (srv, json_array_get_string_element (uuids, i), FALSE);
      if (obj != NULL && obj->schema == schema)
        {
          srv_object_soft_delete (srv, obj, user->uid, "Bulk delete via API");
          deleted++;
        }
      srv_object_free (obj);
    }
  answer = g_strdup_printf ("{\"success\":true,\"message\":\"Bulk delete operation completed successfully\","
                            "\"deleted\":%u}", deleted);
  srv_reply_json_text (msg, 200, answer, -1);
}
