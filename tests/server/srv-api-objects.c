/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OpenRegister's HTTP API (/index.php/apps/openregister/api/…): discovery, objects, audit, trash,
 * bulk. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-query.h"
#include "srv-objects.h"
#include "srv-extra.h"

#include <string.h>

static void
reply_node_list (SoupServerMessage *msg, GPtrArray *nodes)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < nodes->len; i++)
    json_builder_add_value (b, json_node_copy (g_ptr_array_index (nodes, i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, nodes->len);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, root);
}

static void
handle_registers (Srv *srv, SoupServerMessage *msg, char **parts, guint n)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  if (n >= 2 && *parts[1])
    {
      SrvRegister *r = srv_register_find (srv, parts[1]);
      if (r == NULL)
        srv_reply_error (msg, 404, "error", "Register not found");
      else if (n >= 3 && g_str_equal (parts[2], "oas"))
        srv_register_oas (srv, msg, r);
      else
        srv_reply_json_node (msg, 200, r->node);
      return;
    }
  for (guint i = 0; i < srv->registers->len; i++)
    g_ptr_array_add (nodes, ((SrvRegister *) g_ptr_array_index (srv->registers, i))->node);
  reply_node_list (msg, nodes);
}

static void
handle_schemas (Srv *srv, SoupServerMessage *msg, char **parts, guint n)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  if (n >= 2 && *parts[1])
    {
      SrvSchema *s = srv_schema_find (srv, parts[1]);
      if (s == NULL)
        srv_reply_error (msg, 404, "error", "Schema not found");
      else
        srv_reply_json_node (msg, 200, s->node);
      return;
    }
  for (guint i = 0; i < srv->schemas->len; i++)
    g_ptr_array_add (nodes, ((SrvSchema *) g_ptr_array_index (srv->schemas, i))->node);
  reply_node_list (msg, nodes);
}

static GStrv
split_list (GPtrArray *params, const char *key)
{
  const char *v = srv_param (params, key);
  GStrv parts;

  if (v == NULL || *v == '\0')
    return NULL;
  parts = g_strsplit (v, ",", -1);
  for (guint i = 0; parts[i]; i++)
    g_strstrip (parts[i]);
  return parts;
}

void
srv_render_from_params (SrvRender *r, GPtrArray *params)
{
  const char *empty = srv_param (params, "_empty");

  r->fields = split_list (params, "_fields");
  r->extend = split_list (params, "_extend");
  r->unset = split_list (params, "_unset");
  r->empty = empty != NULL && (g_str_equal (empty, "true") || g_str_equal (empty, "1"));
  r->strip = !r->empty;
}

void
srv_render_clear (SrvRender *r)
{
  g_strfreev (r->fields);
  g_strfreev (r->extend);
  g_strfreev (r->unset);
}

/* ObjectsController::index: a hint only when an ignored filter is a control parameter without its
 * "_". */
static char *
ignored_hint (JsonArray *ignored)
{
  static const char *control[] = { "limit",  "offset", "page",   "order", "sort", "search",
                                   "extend", "fields", "filter", "unset", NULL };
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) fixes = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (ignored); i++)
    {
      const char *name = json_array_get_string_element (ignored, i);
      if (!g_strv_contains (control, name))
        continue;
      g_string_append_printf (names, "%s%s", names->len ? ", " : "", name);
      g_string_append_printf (fixes, "%s_%s", fixes->len ? ", " : "", name);
    }
  if (names->len == 0)
    return NULL;
  return g_strdup_printf (
      "Query returned 0 results because %s was treated as an object property filter. "
      "Did you mean %s? Control parameters require an underscore prefix (e.g. _limit, _offset, "
      "_page).",
      names->str, fixes->str);
}

static void
append_list_self (GString *out, SrvRegister *reg, SrvSchema *schema, SrvQuery *q, GPtrArray *params)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, reg->magic ? "magic_mapper" : "database");
  json_builder_set_member_name (b, "register");
  json_builder_add_string_value (b, reg->slug);
  json_builder_set_member_name (b, "schema");
  json_builder_add_string_value (b, schema->slug);
  json_builder_set_member_name (b, "query");
  json_builder_begin_object (b);
  for (guint i = 0; i < params->len; i++)
    {
      SrvParam *p = g_ptr_array_index (params, i);
      json_builder_set_member_name (b, p->key);
      json_builder_add_string_value (b, p->value);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "rbac");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "multi");
  json_builder_add_boolean_value (b, TRUE);
  if (srv_query_has_ignored (q))
    {
      JsonArray *ignored = srv_query_ignored (q);
      g_autofree char *hint = ignored_hint (ignored);
      json_builder_set_member_name (b, "ignoredFilters");
      json_builder_add_value (b, json_node_init_array (json_node_alloc (), ignored));
      if (hint != NULL)
        {
          json_builder_set_member_name (b, "hint");
          json_builder_add_string_value (b, hint);
        }
    }
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  text = json_to_string (node, FALSE);
  g_string_append_printf (out, ",\"@self\":%s", text);
}

static void
append_facets (GString *out, SrvQuery *q, GPtrArray *params)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  srv_query_facets (q, b, srv_param (params, "_facets"));
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  text = json_to_string (node, FALSE);
  /* text is {"facets":{…}}: splice its member into the answer */
  g_string_append_c (out, ',');
  g_string_append_len (out, text + 1, strlen (text) - 2);
}

static void
handle_list (Srv *srv, SoupServerMessage *msg, SrvRegister *reg, SrvSchema *schema,
             GPtrArray *params)
{
  g_autoptr(SrvQuery) q = srv_query_new (srv, schema, params);
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);
  SrvRender render = { 0 };
  gint64 total = srv_query_count (q);
  gint64 limit = srv_query_limit (q);
  gint64 shown_limit =
      limit > 0 ? limit : 20; /* without _limit every match comes back, "limit" says 20 */
  gint64 pages = MAX (1, (total + shown_limit - 1) / shown_limit);

  srv_render_from_params (&render, params);
  g_string_append (out, "{\"results\":[");
  srv_query_append_page (q, out, &render);
  g_string_append_printf (out,
                          "],\"total\":%" G_GINT64_FORMAT ",\"page\":%" G_GINT64_FORMAT
                          ",\"pages\":%" G_GINT64_FORMAT ",\"limit\":%" G_GINT64_FORMAT
                          ",\"offset\":%" G_GINT64_FORMAT,
                          total, srv_query_page (q), pages, shown_limit, srv_query_offset (q));
  append_list_self (out, reg, schema, q, params);
  append_facets (out, q, params);
  g_string_append_c (out, '}');
  srv_reply_json_text (msg, 200, out->str, out->len);
  srv_render_clear (&render);
}

static gboolean
resolve_path (Srv *srv, SoupServerMessage *msg, const char *rkey, const char *skey,
              SrvRegister **reg, SrvSchema **schema)
{
  g_autofree char *text = NULL;

  *reg = srv_register_find (srv, rkey);
  if (*reg == NULL)
    {
      text = g_strdup_printf ("Register not found: '%s'", rkey);
      srv_reply_error (msg, 404, "message", text);
      return FALSE;
    }
  *schema = srv_schema_find (srv, skey);
  if (*schema == NULL || (*schema)->register_id != (*reg)->id)
    {
      /* v1.0.x answers an unknown schema with a server error (v0.2.x: 404 "Schema not found") */
      text = g_strdup_printf ("Schema not found: '%s'", skey);
      srv_reply_error (msg, 500, "error", text);
      return FALSE;
    }
  return TRUE;
}

static char *
display_name (Srv *srv, SrvUser *user)
{
  sqlite3_stmt *s;
  char *name = NULL;

  if (user == NULL)
    return g_strdup ("Anonymous");
  s = srv_prepare (srv, "SELECT display_name FROM users WHERE uid = ?");
  sqlite3_bind_text (s, 1, user->uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_text (s, 0) != NULL)
    name = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return name ? name : g_strdup (user->uid);
}

/* PermissionHandler::checkPermission's text; the status is the route's catch-all: 403 for create,
 * update and destroy, 500 for patch and postPatch (ObjectsController v1.0.1). */
static gboolean
check_rbac_status (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user,
                   const char *action, guint status)
{
  g_autofree char *text = NULL;
  g_autofree char *who = NULL;

  if (srv_schema_allows (schema, user, action))
    return TRUE;
  who = display_name (srv, user);
  text = g_strdup_printf ("User '%s' does not have permission to '%s' objects in schema '%s'", who,
                          action,
                          json_object_get_string_member_with_default (json_node_get_object (
                                                                          schema->node),
                                                                      "title", schema->slug));
  srv_reply_error (msg, status, "error", text);
  return FALSE;
}

static gboolean
check_rbac_on (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user,
               const char *action)
{
  return check_rbac_status (srv, msg, schema, user, action, 403);
}

#define check_rbac(msg, schema, user, action) check_rbac_on (srv, msg, schema, user, action)

/* Nextcloud's SecurityMiddleware: a route without @PublicPage answers a request without a user 401
 * {"message":"Current user is not logged in"} before the controller runs. */
static gboolean
check_logged_in (SoupServerMessage *msg, SrvUser *user)
{
  if (user != NULL)
    return TRUE;
  srv_reply_error (msg, 401, "message", "Current user is not logged in");
  return FALSE;
}

static void
handle_collection (Srv *srv, SoupServerMessage *msg, SrvRegister *reg, SrvSchema *schema,
                   SrvUser *user, GPtrArray *params)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "GET"))
    {
      if (check_rbac (msg, schema, user, "read"))
        handle_list (srv, msg, reg, schema, params);
    }
  else if (g_str_equal (method, "POST"))
    {
      if (check_rbac (msg, schema, user, "create"))
        srv_objects_create (srv, msg, schema, user);
    }
  else
    srv_reply_error (msg, 405, "message", "Method not allowed");
}

static gboolean
srv_object_exists (Srv *srv, SrvSchema *schema, const char *uuid)
{
  SrvObject *obj = srv_object_load (srv, uuid, FALSE);
  gboolean found = obj != NULL && obj->schema == schema;

  srv_object_free (obj);
  return found;
}

static void
handle_item (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid, SrvUser *user,
             GPtrArray *params)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "GET"))
    {
      if (check_rbac (msg, schema, user, "read"))
        srv_objects_get (srv, msg, schema, uuid, user, params);
    }
  else if (g_str_equal (method, "POST"))
    {
      /* postPatch is a @PublicPage: a missing object first, then the permission as a 500 */
      if (!srv_object_exists (srv, schema, uuid))
        srv_reply_error (msg, 404, "error", "Object not found");
      else if (check_rbac_status (srv, msg, schema, user, "update", 500))
        srv_objects_update (srv, msg, schema, uuid, user, FALSE);
    }
  else if (!check_logged_in (msg, user))
    return;
  else if (g_str_equal (method, "PATCH"))
    {
      if (check_rbac_status (srv, msg, schema, user, "update", 500))
        srv_objects_update (srv, msg, schema, uuid, user, FALSE);
    }
  else if (g_str_equal (method, "PUT"))
    {
      if (check_rbac (msg, schema, user, "update"))
        srv_objects_update (srv, msg, schema, uuid, user, TRUE);
    }
  else if (g_str_equal (method, "DELETE"))
    {
      if (check_rbac (msg, schema, user, "delete"))
        srv_objects_delete (srv, msg, schema, uuid, user);
    }
  else
    srv_reply_error (msg, 405, "message", "Method not allowed");
}

static void
handle_item_action (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                    const char *action, SrvUser *user, GPtrArray *params, gboolean numeric_path)
{
  if (g_str_equal (action, "uses") || g_str_equal (action, "used"))
    srv_objects_relations (srv, msg, uuid, g_str_equal (action, "used"), params);
  else if (g_str_equal (action, "lock") || g_str_equal (action, "unlock"))
    srv_objects_lock (srv, msg, schema, uuid, user, g_str_equal (action, "lock"));
  else if (g_str_equal (action, "merge"))
    srv_objects_merge (srv, msg, schema, uuid, user);
  else if (g_str_equal (action, "audit-trails"))
    srv_audit_list (srv, msg, uuid, params);
  else if (g_str_equal (action, "revert"))
    srv_objects_revert (srv, msg, uuid, numeric_path);
  else if (g_str_equal (action, "can-delete"))
    srv_reply_json_text (msg, 200, "{\"canDelete\":true,\"blockers\":[]}", -1);
  else
    srv_reply_error (msg, 404, "message", "Not found");
}

static gboolean
is_number (const char *s)
{
  return *s && strspn (s, "0123456789") == strlen (s);
}

static void
handle_objects (Srv *srv, SoupServerMessage *msg, char **parts, guint n, SrvUser *user,
                GPtrArray *params)
{
  SrvRegister *reg;
  SrvSchema *schema;

  if (n < 3 || !resolve_path (srv, msg, parts[1], parts[2], &reg, &schema))
    {
      if (n < 3)
        srv_reply_error (msg, 404, "message", "Not found");
      return;
    }
  if (n == 3 || (n == 4 && *parts[3] == '\0'))
    handle_collection (srv, msg, reg, schema, user, params);
  else if (n == 4 && g_str_equal (parts[3], "export") && check_logged_in (msg, user) &&
           check_rbac (msg, schema, user, "read"))
    srv_objects_export (srv, msg, schema, params);
  else if (n == 4 && g_str_equal (parts[3], "export"))
    return;
  else if (n == 4)
    handle_item (srv, msg, schema, parts[3], user, params);
  else if (user == NULL)
    srv_reply_error (msg, 401, "message", "Current user is not logged in");
  else
    handle_item_action (srv, msg, schema, parts[3], parts[4], user, params,
                        is_number (parts[1]) && is_number (parts[2]));
}

static void
handle_bulk (Srv *srv, SoupServerMessage *msg, char **parts, guint n, SrvUser *user)
{
  SrvRegister *reg;
  SrvSchema *schema;

  if (n < 4 || !g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      srv_reply_error (msg, 404, "message", "Not found");
      return;
    }
  if (!resolve_path (srv, msg, parts[1], parts[2], &reg, &schema))
    return;
  if (g_str_equal (parts[3], "save") && check_rbac (msg, schema, user, "create"))
    srv_objects_bulk_save (srv, msg, schema, user);
  else if (g_str_equal (parts[3], "delete") && check_rbac (msg, schema, user, "delete"))
    srv_objects_bulk_delete (srv, msg, schema, user);
}

gboolean
srv_api_openregister (Srv *srv, SoupServerMessage *msg, char **parts, guint n, SrvUser *user,
                      GPtrArray *params)
{
  const char *what = n > 0 ? parts[0] : "";

  if (g_str_equal (what, "objects"))
    handle_objects (srv, msg, parts, n, user, params);
  else if (user == NULL && !g_str_equal (what, "registers") && !g_str_equal (what, "schemas"))
    srv_reply_error (msg, 401, "message", "Current user is not logged in");
  else if (g_str_equal (what, "registers"))
    handle_registers (srv, msg, parts, n);
  else if (g_str_equal (what, "schemas"))
    handle_schemas (srv, msg, parts, n);
  else if (g_str_equal (what, "audit-trails") && n >= 2 && g_str_equal (parts[1], "verify"))
    srv_audit_verify (srv, msg, params);
  else if (g_str_equal (what, "audit-trails"))
    srv_audit_list (srv, msg, NULL, params);
  else if (g_str_equal (what, "deleted"))
    srv_trash (srv, msg, parts, n, user, params);
  else if (g_str_equal (what, "bulk"))
    handle_bulk (srv, msg, parts, n, user);
  else if (g_str_equal (what, "user") && n == 2 && g_str_equal (parts[1], "me"))
    srv_user_me (srv, msg, user);
  else if (g_str_equal (what, "organisations") && n == 2)
    srv_tenant (srv, msg, parts[1]);
  else
    return FALSE;
  return TRUE;
}
