/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders stored objects as OpenRegister does: the properties at top level, "id", and "@self". */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv.h"

#include <string.h>

static void
append_json_string (GString *out, const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString *out, const char *key, const char *value, gboolean strip)
{
  if (strip && (value == NULL || *value == '\0'))
    return;
  g_string_append_printf (out, ",\"%s\":", key);
  append_json_string (out, value);
}

/* ObjectsController::stripEmptyValues: null and "" go, arrays and objects are stripped inside and
 * go when empty; the elements of a list are kept (objects among them stripped). Returns FALSE when
 * node is empty. */
static gboolean
strip_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_value_type (node) != G_TYPE_STRING || *json_node_get_string (node) != '\0';
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (a, i)))
          strip_node (json_array_get_element (a, i));
      return json_array_get_length (a) > 0;
    }
  {
    JsonObject *o = json_node_get_object (node);
    GList *names = json_object_get_members (o);
    for (GList *l = names; l; l = l->next)
      if (!strip_node (json_object_get_member (o, l->data)))
        json_object_remove_member (o, l->data);
    g_list_free (names);
    return json_object_get_size (o) > 0;
  }
}

static void
append_raw_member (GString *out, const char *key, const char *raw, const char *fallback,
                   gboolean strip)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;

  if (!strip)
    {
      g_string_append_printf (out, ",\"%s\":%s", key, raw ? raw : fallback);
      return;
    }
  if (raw == NULL || g_str_equal (raw, "null") || g_str_equal (raw, "{}") ||
      g_str_equal (raw, "[]"))
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, raw, -1, NULL) ||
      !strip_node (json_parser_get_root (parser)))
    return;
  text = json_to_string (json_parser_get_root (parser), FALSE);
  g_string_append_printf (out, ",\"%s\":%s", key, text);
}

static const char *
col (sqlite3_stmt *row, int i)
{
  return (const char *) sqlite3_column_text (row, i);
}

static void
append_self (Srv *srv, GString *out, sqlite3_stmt *row, gboolean strip)
{
  SrvSchema *schema = srv_schema_by_id (srv, sqlite3_column_int64 (row, 2));
  SrvRegister *reg = srv_register_by_id (srv, schema->register_id);
  const char *schema_version =
      json_object_get_string_member_with_default (json_node_get_object (schema->node), "version",
                                                  NULL);

  g_string_append (out, ",\"@self\":{\"id\":");
  append_json_string (out, col (row, 1));
  append_member (out, "slug", NULL, strip);
  append_member (out, "name", col (row, 11), strip);
  append_member (out, "description", col (row, 13), strip);
  append_member (out, "summary", col (row, 12), strip);
  append_member (out, "image", NULL, strip);
  g_string_append_printf (out, ",\"uri\":\"%s/index.php/apps/openregister/api/objects/%s/%s/%s\"",
                          srv->base_url, reg->slug, schema->slug, col (row, 1));
  append_member (out, "version", col (row, 6), strip);
  g_string_append_printf (out,
                          ",\"register\":\"%" G_GINT64_FORMAT "\",\"schema\":\"%" G_GINT64_FORMAT
                          "\"",
                          reg->id, schema->id);
  append_member (out, "schemaVersion", schema_version, strip);
  append_raw_member (out, "files", NULL, "[]", strip);
  append_raw_member (out, "relations", col (row, 14), "{}", strip);
  append_raw_member (out, "locked", col (row, 10), "null", strip);
  append_member (out, "owner", col (row, 4), strip);
  append_member (out, "organisation", col (row, 5), strip);
  if (!strip)
    g_string_append (out,
                     ",\"groups\":[],\"authorization\":[],\"folder\":null,\"application\":null,"
                     "\"validation\":[],\"geo\":[],\"retention\":[]");
  g_string_append_printf (out, ",\"size\":\"%d\"", sqlite3_column_bytes (row, 3));
  append_member (out, "published", NULL, strip);
  append_member (out, "depublished", NULL, strip);
  append_raw_member (out, "deleted", col (row, 9), "null", strip);
  append_member (out, "created", col (row, 7), strip);
  append_member (out, "updated", col (row, 8), strip);
  g_string_append (out, "}}");
}

/* Splices "id" and "@self" into the properties object text. */
static void
append_object (Srv *srv, GString *out, const char *props, sqlite3_stmt *row, gboolean strip)
{
  gsize len = strlen (props);
  gboolean empty = TRUE;

  g_assert (len >= 2 && props[len - 1] == '}');
  for (gsize i = 1; i < len - 1; i++)
    if (!g_ascii_isspace (props[i]))
      {
        empty = FALSE;
        break;
      }
  g_string_append_len (out, props, len - 1);
  if (!empty)
    g_string_append_c (out, ',');
  g_string_append (out, "\"id\":");
  append_json_string (out, col (row, 1));
  append_self (srv, out, row, strip);
}

static gboolean
may_hold_empty (const char *props)
{
  return strstr (props, "null") || strstr (props, "\"\"") || strstr (props, "[]") ||
         strstr (props, "{}");
}

static gboolean
render_is_plain (const SrvRender *opts)
{
  return opts == NULL ||
         (opts->fields == NULL && opts->extend == NULL && opts->unset == NULL && !opts->empty);
}

static void
extend_property (Srv *srv, JsonObject *data, const char *prop)
{
  JsonNode *n;

  if (!json_object_has_member (data, prop))
    return;
  n = json_object_get_member (data, prop);
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    {
      JsonNode *sub = srv_object_node (srv, json_node_get_string (n));
      if (sub != NULL)
        json_object_set_member (data, prop, sub);
    }
  else if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      JsonArray *b = json_array_new ();
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          JsonNode *sub = NULL;
          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
            sub = srv_object_node (srv, json_node_get_string (e));
          json_array_add_element (b, sub ? sub : json_node_copy (e));
        }
      json_object_set_array_member (data, prop, b);
    }
}

static void
apply_render (Srv *srv, JsonObject *data, SrvSchema *schema, const SrvRender *opts)
{
  if (opts->empty)
    {
      GList *names = json_object_get_members (schema->properties);
      for (GList *l = names; l; l = l->next)
        if (!json_object_has_member (data, l->data))
          json_object_set_null_member (data, l->data);
      g_list_free (names);
    }
  if (opts->fields != NULL)
    {
      GList *names = json_object_get_members (data);
      for (GList *l = names; l; l = l->next)
        if (!g_strv_contains ((const char *const *) opts->fields, l->data))
          json_object_remove_member (data, l->data);
      g_list_free (names);
    }
  for (guint i = 0; opts->unset && opts->unset[i]; i++)
    if (json_object_has_member (data, opts->unset[i]))
      json_object_remove_member (data, opts->unset[i]);
  for (guint i = 0; opts->extend && opts->extend[i]; i++)
    extend_property (srv, data, opts->extend[i]);
}

void
srv_render_row (Srv *srv, GString *out, sqlite3_stmt *row, const SrvRender *opts)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  JsonNode *root;

  gboolean strip = opts != NULL && opts->strip && !opts->empty;

  if (render_is_plain (opts) && !(strip && may_hold_empty (col (row, 3))))
    {
      append_object (srv, out, col (row, 3), row, strip);
      return;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, col (row, 3), -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (opts != NULL)
    apply_render (srv, json_node_get_object (root),
                  srv_schema_by_id (srv, sqlite3_column_int64 (row, 2)), opts);
  if (strip)
    strip_node (root);
  text = json_to_string (root, FALSE);
  append_object (srv, out, text, row, strip);
}

gboolean
srv_render_uuid (Srv *srv, GString *out, const char *uuid, const SrvRender *opts)
{
  sqlite3_stmt *stmt =
      srv_prepare (srv, "SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE o.uuid = ?");
  gboolean found = FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      srv_render_row (srv, out, stmt, opts);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* The rendered object as a node (for _extend and reports), or NULL when it does not exist. */
JsonNode *
srv_object_node (Srv *srv, const char *uuid)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!srv_render_uuid (srv, out, uuid, NULL))
    return NULL;
  if (!json_parser_load_from_data (parser, out->str, out->len, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}
