/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The smaller OpenRegister endpoints of the recipes: generated OpenAPI, CSV export, who am I,
 * tenants, and the softwarecatalog app's object counts. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-extra.h"
#include "srv-dialect.h"
#include "srv-query.h"

#include <string.h>

/* GET /api/registers/{id}/oas: an OpenAPI 3 document for the register's schemas. */
void
srv_register_oas (Srv *srv, SoupServerMessage *msg, SrvRegister *reg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "openapi");
  json_builder_add_string_value (b, "3.1.0");
  json_builder_set_member_name (b, "info");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, reg->slug);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b,
                                 json_object_get_string_member_with_default (json_node_get_object (
                                                                                 reg->node),
                                                                             "version", "1.0.0"));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "paths");
  json_builder_begin_object (b);
  for (guint i = 0; i < reg->schemas->len; i++)
    {
      SrvSchema *s = g_ptr_array_index (reg->schemas, i);
      g_autofree char *path = g_strdup_printf ("/objects/%s/%s", reg->slug, s->slug);
      json_builder_set_member_name (b, path);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "get");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "summary");
      json_builder_add_string_value (b, s->slug);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "components");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schemas");
  json_builder_begin_object (b);
  for (guint i = 0; i < reg->schemas->len; i++)
    {
      SrvSchema *s = g_ptr_array_index (reg->schemas, i);
      json_builder_set_member_name (b, s->slug);
      json_builder_add_value (b, json_node_copy (s->node));
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, root);
}

static void
csv_field (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_value (GString *out, JsonNode *n)
{
  g_autofree char *text = NULL;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    text = g_strdup ("");
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (n));
  else
    text = json_to_string (n, FALSE);
  csv_field (out, text);
}

/* GET /api/objects/{r}/{s}/export?format=csv (the filters of a list apply). */
void
srv_objects_export (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, GPtrArray *params)
{
  const char *format = srv_param (params, "format");
  g_autoptr(GString) out = g_string_new ("\"id\"");
  GList *names = json_object_get_members (schema->properties);
  sqlite3_stmt *s;

  if (format != NULL && !g_str_equal (format, "csv"))
    {
      srv_reply_error (msg, 400, "error", "Only format=csv is supported by this server");
      g_list_free (names);
      return;
    }
  for (GList *l = names; l; l = l->next)
    {
      g_string_append_c (out, ',');
      csv_field (out, l->data);
    }
  g_string_append (out, "\r\n");
  s = srv_prepare (
      srv, "SELECT uuid, data FROM objects WHERE schema = ? AND deleted IS NULL ORDER BY rowid");
  sqlite3_bind_int64 (s, 1, schema->id);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *data;
      csv_field (out, (const char *) sqlite3_column_text (s, 0));
      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (s, 1), -1, NULL))
        continue;
      data = json_node_get_object (json_parser_get_root (parser));
      for (GList *l = names; l; l = l->next)
        {
          g_string_append_c (out, ',');
          csv_value (out, json_object_has_member (data, l->data)
                              ? json_object_get_member (data, l->data)
                              : NULL);
        }
      g_string_append (out, "\r\n");
    }
  sqlite3_finalize (s);
  g_list_free (names);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_append (soup_server_message_get_response_headers (msg),
                               "Content-Disposition", "attachment; filename=\"export.csv\"");
  soup_server_message_set_response (msg, "text/csv; charset=utf-8", SOUP_MEMORY_COPY, out->str,
                                    out->len);
}

static void
add_string_array (JsonBuilder *b, const char *name, GStrv values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values && values[i]; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

/* GET /api/user/me */
void
srv_user_me (Srv *srv, SoupServerMessage *msg, SrvUser *user)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uid");
  json_builder_add_string_value (b, user->uid);
  json_builder_set_member_name (b, "displayName");
  json_builder_add_string_value (b, user->uid);
  json_builder_set_member_name (b, "isAdmin");
  json_builder_add_boolean_value (b, user->admin);
  add_string_array (b, "groups", user->groups);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, root);
}

/* GET /api/organisations/{uuid}: the tenant entity with the same uuid as the organisatie object. */
void
srv_tenant (Srv *srv, SoupServerMessage *msg, const char *uuid)
{
  SrvObject *org = srv_object_load (srv, uuid, FALSE);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) users = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  sqlite3_stmt *s;

  if (org == NULL || !g_str_equal (org->schema->slug, srv_dialect_slug (srv, "organisatie")))
    {
      srv_reply_error (msg, 404, "error", "Organisation not found");
      srv_object_free (org);
      return;
    }
  s = srv_prepare (
      srv,
      "SELECT json_extract(o.data, '$.username') FROM refs r JOIN objects o ON o.rowid = r.source"
      " WHERE r.target = ? AND r.property = ? AND o.deleted IS NULL"
      " AND json_extract(o.data, '$.username') IS NOT NULL ORDER BY o.rowid");
  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, srv_dialect_prop (srv, "contactpersoon", "organisatie"), -1,
                     SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_strv_builder_add (users, (const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  list = g_strv_builder_end (users);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, uuid);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b,
                                 json_object_get_string_member_with_default (
                                     org->data, srv_dialect_prop (srv, "organisatie", "naam"), ""));
  add_string_array (b, "users", list);
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (
      b,
      srv_dialect_is_value ("organisatie", "status", "Actief",
                            json_object_get_string_member_with_default (org->data, "status", "")));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, root);
  srv_object_free (org);
}

/* GET …/softwarecatalog/api/objects/counts: live objects per schema. */
void
srv_object_counts (Srv *srv, SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *s =
      srv_prepare (srv,
                   "SELECT schema, COUNT(*) FROM objects WHERE deleted IS NULL GROUP BY schema");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SrvSchema *schema = srv_schema_by_id (srv, sqlite3_column_int64 (s, 0));
      json_builder_set_member_name (b, schema->slug);
      json_builder_add_int_value (b, sqlite3_column_int64 (s, 1));
    }
  sqlite3_finalize (s);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, root);
}
