/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nextcloud: Login Flow v2, app passwords, and the OCS provisioning API (users and groups). */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv.h"

#include <string.h>

/* ---- OCS envelope ---- */

static gboolean
wants_json (SoupServerMessage *msg, GPtrArray *params)
{
  const char *accept =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept");

  return g_strcmp0 (srv_param (params, "format"), "json") == 0 ||
         (accept && strstr (accept, "application/json"));
}

static void
xml_append (GString *out, const char *name, JsonNode *n)
{
  g_autofree char *esc = NULL;

  if (JSON_NODE_HOLDS_OBJECT (n))
    {
      GList *names = json_object_get_members (json_node_get_object (n));
      g_string_append_printf (out, "<%s>", name);
      for (GList *l = names; l; l = l->next)
        xml_append (out, l->data, json_object_get_member (json_node_get_object (n), l->data));
      g_string_append_printf (out, "</%s>", name);
      g_list_free (names);
    }
  else if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      g_string_append_printf (out, "<%s>", name);
      for (guint i = 0; i < json_array_get_length (a); i++)
        xml_append (out, "element", json_array_get_element (a, i));
      g_string_append_printf (out, "</%s>", name);
    }
  else if (JSON_NODE_HOLDS_NULL (n))
    g_string_append_printf (out, "<%s/>", name);
  else
    {
      GValue v = G_VALUE_INIT, s = G_VALUE_INIT;
      json_node_get_value (n, &v);
      g_value_init (&s, G_TYPE_STRING);
      g_value_transform (&v, &s);
      esc = g_markup_escape_text (g_value_get_string (&s) ? g_value_get_string (&s) : "", -1);
      g_string_append_printf (out, "<%s>%s</%s>", name, esc, name);
      g_value_unset (&v);
      g_value_unset (&s);
    }
}

/* v2 maps the OCS status to HTTP: 997 -> 401, 998 -> 404, 996/999 -> 500, other non-200 -> 400. */
static void
ocs_reply (SoupServerMessage *msg, GPtrArray *params, guint ocs_status, const char *message,
           JsonNode *data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint http = ocs_status == 200                          ? 200
               : ocs_status == 997                        ? 401
               : ocs_status == 998                        ? 404
               : ocs_status == 403                        ? 403
               : (ocs_status == 996 || ocs_status == 999) ? 500
                                                          : 400;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ocs");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "meta");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, ocs_status == 200 ? "ok" : "failure");
  json_builder_set_member_name (b, "statuscode");
  json_builder_add_int_value (b, ocs_status);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message ? message : "OK");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_add_value (b, data ? data
                                  : json_node_init_array (json_node_alloc (), json_array_new ()));
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  if (wants_json (msg, params))
    {
      srv_reply_json_node (msg, http, root);
      return;
    }
  {
    g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n");
    xml_append (xml, "ocs", json_object_get_member (json_node_get_object (root), "ocs"));
    soup_server_message_set_status (msg, http, NULL);
    soup_server_message_set_response (msg, "application/xml; charset=utf-8", SOUP_MEMORY_COPY,
                                      xml->str, xml->len);
  }
}

/* ---- Login Flow v2 ---- */

static char *
random_token (void)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < 64; i++)
    g_string_append_printf (s, "%x", g_random_int_range (0, 16));
  return g_string_free (s, FALSE);
}

static void
login_flow_start (Srv *srv, SoupServerMessage *msg)
{
  g_autofree char *poll = random_token ();
  g_autofree char *flow = random_token ();
  g_autofree char *answer = NULL;
  sqlite3_stmt *s =
      srv_prepare (srv,
                   "INSERT INTO login_flows (poll_token, flow_token, created) VALUES (?, ?, ?)");

  sqlite3_bind_text (s, 1, poll, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, flow, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_step (s);
  sqlite3_finalize (s);
  answer =
      g_strdup_printf ("{\"poll\":{\"token\":\"%s\",\"endpoint\":\"%s/index.php/login/v2/poll\"},"
                       "\"login\":\"%s/index.php/login/v2/flow/%s\"}",
                       poll, srv->base_url, srv->base_url, flow);
  srv_reply_json_text (msg, 200, answer, -1);
}

static void
reply_html (SoupServerMessage *msg, guint status, const char *body)
{
  g_autofree char *page = g_strdup_printf (
      "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Nextcloud –"
      " aanmelden</title>"
      "<style>body{font-family:sans-serif;max-width:28em;margin:4em"
      " auto}input{display:block;margin:.5em 0;"
      "width:100%%;padding:.4em}</style></head><body>%s</body></html>",
      body);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, page,
                                    strlen (page));
}

static gboolean
flow_exists (Srv *srv, const char *flow)
{
  sqlite3_stmt *s =
      srv_prepare (srv, "SELECT 1 FROM login_flows WHERE flow_token = ? AND uid IS NULL");
  gboolean found;

  sqlite3_bind_text (s, 1, flow, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_finalize (s);
  return found;
}

static void
login_flow_page (Srv *srv, SoupServerMessage *msg, const char *flow)
{
  g_autofree char *body = NULL;
  g_autoptr(GHashTable) form = NULL;
  const char *user, *password;
  gboolean is_app;

  if (!flow_exists (srv, flow))
    {
      reply_html (msg, 404, "<h2>Deze aanmeldlink is niet (meer) geldig.</h2>");
      return;
    }
  if (g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      body = g_strdup_printf (
          "<h2>Verbinden met je account</h2><p>Catalogusbeheer vraagt toegang tot je account.</p>"
          "<form method=\"post\"><label>Gebruikersnaam<input name=\"user\" autofocus></label>"
          "<label>Wachtwoord<input name=\"password\" type=\"password\"></label>"
          "<input type=\"submit\" value=\"Toegang verlenen\"></form>");
      reply_html (msg, 200, body);
      return;
    }
  form = srv_body_form (msg);
  user = g_hash_table_lookup (form, "user");
  password = g_hash_table_lookup (form, "password");
  if (user == NULL || password == NULL || !srv_users_check_password (srv, user, password, &is_app))
    {
      reply_html (
          msg, 403,
          "<h2>Verkeerde gebruikersnaam of wachtwoord.</h2><p><a href=\"\">Opnieuw</a></p>");
      return;
    }
  {
    g_autofree char *app_password = srv_app_password_create (srv, user);
    sqlite3_stmt *s =
        srv_prepare (srv, "UPDATE login_flows SET uid = ?, app_password = ? WHERE flow_token = ?");
    sqlite3_bind_text (s, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (s, 2, app_password, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (s, 3, flow, -1, SQLITE_TRANSIENT);
    sqlite3_step (s);
    sqlite3_finalize (s);
  }
  reply_html (
      msg, 200,
      "<h2>Account verbonden</h2><p>Je kunt dit venster sluiten en teruggaan naar de app.</p>");
}

static void
login_flow_poll (Srv *srv, SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = srv_body_form (msg);
  const char *token = g_hash_table_lookup (form, "token");
  sqlite3_stmt *s = srv_prepare (
      srv, "SELECT uid, app_password FROM login_flows WHERE poll_token = ? AND uid IS NOT NULL");
  g_autofree char *answer = NULL;

  sqlite3_bind_text (s, 1, token ? token : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s) != SQLITE_ROW)
    {
      sqlite3_finalize (s);
      srv_reply_json_text (msg, 404, "[]", -1);
      return;
    }
  answer = g_strdup_printf ("{\"server\":\"%s\",\"loginName\":\"%s\",\"appPassword\":\"%s\"}",
                            srv->base_url, sqlite3_column_text (s, 0), sqlite3_column_text (s, 1));
  sqlite3_finalize (s);
  s = srv_prepare (srv, "DELETE FROM login_flows WHERE poll_token = ?"); /* a flow answers once */
  sqlite3_bind_text (s, 1, token, -1, SQLITE_TRANSIENT);
  sqlite3_step (s);
  sqlite3_finalize (s);
  srv_reply_json_text (msg, 200, answer, -1);
}

static gboolean
handle_login_flow (Srv *srv, SoupServerMessage *msg, const char *path)
{
  const char *p = g_str_has_prefix (path, "/index.php") ? path + strlen ("/index.php") : path;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (p, "/login/v2") && g_str_equal (method, "POST"))
    login_flow_start (srv, msg);
  else if (g_str_equal (p, "/login/v2/poll") && g_str_equal (method, "POST"))
    login_flow_poll (srv, msg);
  else if (g_str_has_prefix (p, "/login/v2/flow/"))
    login_flow_page (srv, msg, p + strlen ("/login/v2/flow/"));
  else
    return FALSE;
  return TRUE;
}

/* ---- OCS users and groups ---- */

static JsonNode *
user_details (Srv *srv, const char *uid)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(GStrv) groups = srv_user_groups (srv, uid);
  sqlite3_stmt *s =
      srv_prepare (srv, "SELECT display_name, email, enabled, last_login FROM users WHERE uid = ?");

  sqlite3_bind_text (s, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s) != SQLITE_ROW)
    {
      sqlite3_finalize (s);
      return NULL;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "enabled");
  json_builder_add_boolean_value (b, sqlite3_column_int (s, 2));
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, uid);
  json_builder_set_member_name (b, "lastLogin");
  json_builder_add_int_value (b, sqlite3_column_int64 (s, 3) * 1000);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, (const char *) sqlite3_column_text (s, 1));
  json_builder_set_member_name (b, "displayname");
  json_builder_add_string_value (b, (const char *) sqlite3_column_text (s, 0));
  json_builder_set_member_name (b, "display-name");
  json_builder_add_string_value (b, (const char *) sqlite3_column_text (s, 0));
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; groups[i]; i++)
    json_builder_add_string_value (b, groups[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "backend");
  json_builder_add_string_value (b, "Database");
  json_builder_end_object (b);
  sqlite3_finalize (s);
  return json_builder_get_root (b);
}

static void
users_list (Srv *srv, SoupServerMessage *msg, GPtrArray *params, gboolean details)
{
  const char *search = srv_param (params, "search");
  const char *limit = srv_param (params, "limit");
  const char *offset = srv_param (params, "offset");
  g_autofree char *like = g_strdup_printf ("%%%s%%", search ? search : "");
  sqlite3_stmt *s = srv_prepare (
      srv, "SELECT uid FROM users WHERE uid LIKE ?1 OR display_name LIKE ?1 OR email LIKE ?1"
           " ORDER BY uid LIMIT ?2 OFFSET ?3");
  JsonObject *data = json_object_new ();
  JsonArray *ids = json_array_new ();
  JsonObject *map = json_object_new ();

  sqlite3_bind_text (s, 1, like, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 2, limit && *limit ? g_ascii_strtoll (limit, NULL, 10) : -1);
  sqlite3_bind_int64 (s, 3, offset ? g_ascii_strtoll (offset, NULL, 10) : 0);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      const char *uid = (const char *) sqlite3_column_text (s, 0);
      if (details)
        json_object_set_member (map, uid, user_details (srv, uid));
      else
        json_array_add_string_element (ids, uid);
    }
  sqlite3_finalize (s);
  if (details)
    {
      json_object_set_object_member (data, "users", map);
      json_array_unref (ids);
    }
  else
    {
      json_object_set_array_member (data, "users", ids);
      json_object_unref (map);
    }
  ocs_reply (msg, params, 200, NULL, json_node_init_object (json_node_alloc (), data));
  json_object_unref (data);
}

static void
user_create (Srv *srv, SoupServerMessage *msg, GPtrArray *params)
{
  g_autoptr(GHashTable) form = srv_body_form (msg);
  const char *uid = g_hash_table_lookup (form, "userid");
  const char *password = g_hash_table_lookup (form, "password");
  const char *group = g_hash_table_lookup (form, "groups[]");
  JsonObject *data;

  if (uid == NULL || *uid == '\0')
    {
      ocs_reply (msg, params, 101, "Invalid user id", NULL);
      return;
    }
  if (srv_user_exists (srv, uid))
    {
      ocs_reply (msg, params, 102, "User already exists", NULL);
      return;
    }
  srv_user_create (srv, uid, password && *password ? password : "unusable-password",
                   g_hash_table_lookup (form, "displayName"), g_hash_table_lookup (form, "email"),
                   TRUE);
  if (group != NULL)
    srv_user_add_group (srv, uid, group);
  data = json_object_new ();
  json_object_set_string_member (data, "id", uid);
  ocs_reply (msg, params, 200, NULL, json_node_init_object (json_node_alloc (), data));
  json_object_unref (data);
}

static void
user_groups (Srv *srv, SoupServerMessage *msg, GPtrArray *params, const char *uid,
             const char *method)
{
  g_autoptr(GHashTable) form = NULL;
  const char *gid;

  if (g_str_equal (method, "GET"))
    {
      g_auto(GStrv) groups = srv_user_groups (srv, uid);
      JsonObject *data = json_object_new ();
      JsonArray *a = json_array_new ();
      for (guint i = 0; groups[i]; i++)
        json_array_add_string_element (a, groups[i]);
      json_object_set_array_member (data, "groups", a);
      ocs_reply (msg, params, 200, NULL, json_node_init_object (json_node_alloc (), data));
      json_object_unref (data);
      return;
    }
  form = srv_body_form (msg);
  gid = g_hash_table_lookup (form, "groupid");
  if (gid == NULL)
    gid = srv_param (params, "groupid");
  if (gid == NULL || *gid == '\0')
    {
      ocs_reply (msg, params, 101, "Group id is required", NULL);
      return;
    }
  if (g_str_equal (method, "POST"))
    srv_user_add_group (srv, uid, gid);
  else
    srv_user_remove_group (srv, uid, gid);
  ocs_reply (msg, params, 200, NULL, NULL);
}

static void
user_edit (Srv *srv, SoupServerMessage *msg, GPtrArray *params, const char *uid)
{
  g_autoptr(GHashTable) form = srv_body_form (msg);
  const char *key = g_hash_table_lookup (form, "key");
  const char *value = g_hash_table_lookup (form, "value");
  const char *column = NULL;

  if (g_strcmp0 (key, "password") == 0)
    column = "password";
  else if (g_strcmp0 (key, "email") == 0)
    column = "email";
  else if (g_strcmp0 (key, "displayname") == 0)
    column = "display_name";
  if (column == NULL || value == NULL)
    {
      ocs_reply (msg, params, 103, "Invalid key", NULL);
      return;
    }
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE users SET %s = ? WHERE uid = ?", column);
    sqlite3_stmt *s = srv_prepare (srv, sql);
    sqlite3_bind_text (s, 1, value, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (s, 2, uid, -1, SQLITE_TRANSIENT);
    sqlite3_step (s);
    sqlite3_finalize (s);
  }
  ocs_reply (msg, params, 200, NULL, NULL);
}

static void
handle_user (Srv *srv, SoupServerMessage *msg, GPtrArray *params, char **parts, guint n)
{
  const char *method = soup_server_message_get_method (msg);
  const char *uid = parts[0];
  const char *action = n > 1 ? parts[1] : "";

  if (!srv_user_exists (srv, uid))
    {
      ocs_reply (msg, params, 998, "User does not exist", NULL);
      return;
    }
  if (*action == '\0' && g_str_equal (method, "GET"))
    ocs_reply (msg, params, 200, NULL, user_details (srv, uid));
  else if (*action == '\0' && g_str_equal (method, "PUT"))
    user_edit (srv, msg, params, uid);
  else if ((g_str_equal (action, "enable") || g_str_equal (action, "disable")) &&
           g_str_equal (method, "PUT"))
    {
      srv_user_set_enabled (srv, uid, g_str_equal (action, "enable"));
      ocs_reply (msg, params, 200, NULL, NULL);
    }
  else if (g_str_equal (action, "groups"))
    user_groups (srv, msg, params, uid, method);
  else if (g_str_equal (action, "welcome") && g_str_equal (method, "POST"))
    ocs_reply (msg, params, 200, NULL, NULL);
  else
    ocs_reply (msg, params, 998, "Not found", NULL);
}

static void
groups_list (Srv *srv, SoupServerMessage *msg, GPtrArray *params)
{
  sqlite3_stmt *s = srv_prepare (srv, "SELECT gid FROM groups ORDER BY gid");
  JsonObject *data = json_object_new ();
  JsonArray *a = json_array_new ();

  while (sqlite3_step (s) == SQLITE_ROW)
    json_array_add_string_element (a, (const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  json_object_set_array_member (data, "groups", a);
  ocs_reply (msg, params, 200, NULL, json_node_init_object (json_node_alloc (), data));
  json_object_unref (data);
}

static void
revoke_app_password (Srv *srv, SoupServerMessage *msg, GPtrArray *params)
{
  g_autofree char *token = srv_auth_app_password (msg);
  sqlite3_stmt *s = srv_prepare (srv, "DELETE FROM app_passwords WHERE token = ?");

  sqlite3_bind_text (s, 1, token ? token : "", -1, SQLITE_TRANSIENT);
  sqlite3_step (s);
  sqlite3_finalize (s);
  if (sqlite3_changes (srv->db) == 0)
    {
      /* a login with the real password cannot be revoked this way */
      ocs_reply (msg, params, 403, "Cannot delete a password that is not an app password", NULL);
      return;
    }
  ocs_reply (msg, params, 200, NULL, NULL);
}

static void
handle_ocs (Srv *srv, SoupServerMessage *msg, const char *rest, SrvUser *user, GPtrArray *params)
{
  g_auto(GStrv) parts = g_strsplit (rest, "/", -1);
  guint n = g_strv_length (parts);
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (rest, "core/apppassword") && g_str_equal (method, "DELETE"))
    revoke_app_password (srv, msg, params);
  else if (g_str_equal (rest, "cloud/user"))
    ocs_reply (msg, params, 200, NULL, user_details (srv, user->uid));
  else if (!user->admin)
    ocs_reply (msg, params, 403, "Logged in account must be an admin or sub admin", NULL);
  else if (g_str_equal (rest, "cloud/users") && g_str_equal (method, "GET"))
    users_list (srv, msg, params, FALSE);
  else if (g_str_equal (rest, "cloud/users/details"))
    users_list (srv, msg, params, TRUE);
  else if (g_str_equal (rest, "cloud/users") && g_str_equal (method, "POST"))
    user_create (srv, msg, params);
  else if (n >= 3 && g_str_equal (parts[0], "cloud") && g_str_equal (parts[1], "users"))
    handle_user (srv, msg, params, parts + 2, n - 2);
  else if (g_str_equal (rest, "cloud/groups"))
    groups_list (srv, msg, params);
  else
    ocs_reply (msg, params, 998,
               "Invalid query, please check the syntax. API specifications are here: "
               "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.",
               NULL);
}

gboolean
srv_api_nextcloud (Srv *srv, SoupServerMessage *msg, const char *path, SrvUser *user,
                   GPtrArray *params)
{
  const char *api_header =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                    "OCS-APIRequest");

  if (handle_login_flow (srv, msg, path))
    return TRUE;
  if (g_str_equal (path, "/ocs/unauthorised"))
    {
      ocs_reply (msg, params, 997, "Current user is not logged in", NULL);
      return TRUE;
    }
  if (!g_str_has_prefix (path, "/ocs/v2.php/") && !g_str_has_prefix (path, "/ocs/v1.php/"))
    return FALSE;
  if (user == NULL || g_strcmp0 (api_header, "true") != 0)
    ocs_reply (msg, params, 997, "Current user is not logged in", NULL);
  else
    handle_ocs (srv, msg, path + strlen ("/ocs/v2.php/"), user, params);
  return TRUE;
}
