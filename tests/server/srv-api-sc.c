/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The softwarecatalog app's endpoints (/index.php/apps/softwarecatalog/api/…): contact persons and
 * users. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-objects.h"
#include "srv-extra.h"
#include "srv-dialect.h"

#include <string.h>

static const char *manageable_groups[] = { "gebruik-beheerder", "aanbod-beheerder",
                                           "gebruik-raadpleger", NULL };

static void add_group_list (Srv *srv, JsonBuilder *b);

static void
reply_fail (SoupServerMessage *msg, guint status, const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  srv_reply_json_node (msg, status, node);
}

static void
add_user_info (Srv *srv, JsonBuilder *b, const char *username)
{
  g_auto(GStrv) groups = username ? srv_user_groups (srv, username) : NULL;
  gboolean exists = username != NULL && srv_user_exists (srv, username);
  gboolean enabled = TRUE;

  if (exists)
    {
      sqlite3_stmt *s = srv_prepare (srv, "SELECT enabled FROM users WHERE uid = ?");
      sqlite3_bind_text (s, 1, username, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (s) == SQLITE_ROW)
        enabled = sqlite3_column_int (s, 0);
      sqlite3_finalize (s);
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "hasUser");
  json_builder_add_boolean_value (b, username != NULL);
  json_builder_set_member_name (b, "username");
  if (username)
    json_builder_add_string_value (b, username);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; groups && groups[i]; i++)
    json_builder_add_string_value (b, groups[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "disabled");
  json_builder_add_boolean_value (b, exists && !enabled);
  json_builder_end_object (b);
}

static const char *
username_of (SrvObject *obj)
{
  JsonNode *n = json_object_has_member (obj->data, "username")
                    ? json_object_get_member (obj->data, "username")
                    : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL;
}

static void
list_contacts (Srv *srv, SoupServerMessage *msg, const char *org_uuid)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  sqlite3_stmt *s =
      srv_prepare (srv, "SELECT o.uuid FROM refs r JOIN objects o ON o.rowid = r.source"
                        " WHERE r.target = ? AND r.property = ? AND o.deleted IS NULL"
                        " ORDER BY o.rowid");
  guint total = 0;

  sqlite3_bind_text (s, 1, org_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, srv_dialect_prop (srv, "contactpersoon", "organisatie"), -1,
                     SQLITE_STATIC);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "contactpersonen");
  json_builder_begin_array (b);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SrvObject *obj = srv_object_load (srv, (const char *) sqlite3_column_text (s, 0), FALSE);
      if (obj == NULL || !g_str_equal (obj->schema->slug, srv_dialect_slug (srv, "contactpersoon")))
        {
          srv_object_free (obj);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, obj->rowid);
      json_builder_set_member_name (b, "uuid");
      json_builder_add_string_value (b, obj->uuid);
      json_builder_set_member_name (b, "data");
      json_builder_add_value (b, json_node_init_object (json_node_alloc (), obj->data));
      json_builder_set_member_name (b, "user");
      add_user_info (srv, b, username_of (obj));
      json_builder_end_object (b);
      total++;
      srv_object_free (obj);
    }
  sqlite3_finalize (s);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, total);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, node);
}

static SrvObject *
load_contact (Srv *srv, SoupServerMessage *msg, const char *uuid)
{
  SrvObject *obj = srv_object_load (srv, uuid, FALSE);

  if (obj == NULL || !g_str_equal (obj->schema->slug, srv_dialect_slug (srv, "contactpersoon")))
    {
      reply_fail (msg, 404, "Contactpersoon not found");
      srv_object_free (obj);
      return NULL;
    }
  return obj;
}

static void
user_info (Srv *srv, SoupServerMessage *msg, const char *uuid)
{
  SrvObject *obj = load_contact (srv, msg, uuid);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  if (obj == NULL)
    return;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "userInfo");
  add_user_info (srv, b, username_of (obj));
  json_builder_set_member_name (b, "availableGroups");
  add_group_list (srv, b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, node);
  srv_object_free (obj);
}

static void
convert_to_user (Srv *srv, SoupServerMessage *msg, const char *uuid)
{
  SrvObject *obj = load_contact (srv, msg, uuid);
  const char *email;
  g_autofree char *answer = NULL;

  if (obj == NULL)
    return;
  if (username_of (obj) != NULL)
    {
      reply_fail (msg, 400, "Contactpersoon already has a user account");
      srv_object_free (obj);
      return;
    }
  email = json_object_get_string_member_with_default (obj->data, "e-mailadres", "");
  if (strchr (email, '@') == NULL)
    {
      reply_fail (msg, 400, "A valid e-mail address is required to create a user account");
      srv_object_free (obj);
      return;
    }
  srv_side_effects_after_save (srv, obj, NULL, TRUE);
  answer = g_strdup_printf (
      "{\"success\":true,\"message\":\"User account created successfully\",\"username\":\"%s\"}",
      email);
  srv_reply_json_text (msg, 200, answer, -1);
  srv_object_free (obj);
}

static JsonObject *
body (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = srv_body_json (msg, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static void
change_password (Srv *srv, SoupServerMessage *msg)
{
  g_autoptr(JsonObject) b = body (msg);
  const char *username =
      b ? json_object_get_string_member_with_default (b, "username", NULL) : NULL;
  const char *password =
      b ? json_object_get_string_member_with_default (b, "newPassword", NULL) : NULL;
  sqlite3_stmt *s;

  if (username == NULL || password == NULL)
    return reply_fail (msg, 400, "Username and new password are required");
  if (g_utf8_strlen (password, -1) < 10)
    return reply_fail (msg, 400, "Password must be at least 10 characters long");
  if (!srv_user_exists (srv, username))
    return reply_fail (msg, 404, "User not found");
  s = srv_prepare (srv, "UPDATE users SET password = ? WHERE uid = ?");
  sqlite3_bind_text (s, 1, password, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, username, -1, SQLITE_TRANSIENT);
  sqlite3_step (s);
  sqlite3_finalize (s);
  srv_reply_json_text (msg, 200, "{\"success\":true,\"message\":\"Password changed successfully\"}",
                       -1);
}

/* Only the three role groups can be set here; other groups are kept as they are. */
static void
update_groups (Srv *srv, SoupServerMessage *msg)
{
  g_autoptr(JsonObject) b = body (msg);
  const char *username =
      b ? json_object_get_string_member_with_default (b, "username", NULL) : NULL;
  JsonArray *groups =
      b && json_object_has_member (b, "groups") ? json_object_get_array_member (b, "groups") : NULL;

  if (username == NULL || groups == NULL)
    return reply_fail (msg, 400, "Username and groups are required");
  if (!srv_user_exists (srv, username))
    return reply_fail (msg, 404, "User not found");
  for (guint i = 0; i < json_array_get_length (groups); i++)
    if (!g_strv_contains (manageable_groups, json_array_get_string_element (groups, i)))
      return reply_fail (msg, 400, "Invalid group specified");
  for (guint i = 0; manageable_groups[i]; i++)
    srv_user_remove_group (srv, username, manageable_groups[i]);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    srv_user_add_group (srv, username, json_array_get_string_element (groups, i));
  srv_reply_json_text (msg, 200,
                       "{\"success\":true,\"message\":\"User groups updated successfully\"}", -1);
}

static void
set_enabled (Srv *srv, SoupServerMessage *msg, const char *uuid, gboolean enabled)
{
  SrvObject *obj = load_contact (srv, msg, uuid);

  if (obj == NULL)
    return;
  if (username_of (obj) == NULL || !srv_user_exists (srv, username_of (obj)))
    reply_fail (msg, 400, "Contactpersoon has no user account");
  else
    {
      srv_user_set_enabled (srv, username_of (obj), enabled);
      srv_reply_json_text (msg, 200,
                           enabled ? "{\"success\":true,\"message\":\"User enabled\"}"
                                   : "{\"success\":true,\"message\":\"User disabled\"}",
                           -1);
    }
  srv_object_free (obj);
}

/* The three role groups: names in 2025 (as the twin always answered), {id, name, description} in
 * 2026 (api-2026.md §3 "Contactpersonen"). */
static void
add_group_list (Srv *srv, JsonBuilder *b)
{
  static const char *descriptions[] = { "Beheert het gebruik van software door de organisatie",
                                        "Beheert het aanbod van de organisatie",
                                        "Raadpleegt het gebruik van de organisatie", NULL };

  json_builder_begin_array (b);
  for (guint i = 0; manageable_groups[i]; i++)
    {
      if (srv->dialect != 2026)
        {
          json_builder_add_string_value (b, manageable_groups[i]);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, manageable_groups[i]);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, manageable_groups[i]);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, descriptions[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
available_groups (Srv *srv, SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "groups");
  add_group_list (srv, b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, node);
}

static gboolean
may_manage (SrvUser *user)
{
  return user->admin ||
         g_strv_contains ((const char *const *) user->groups, "functioneel-beheerder");
}

static void
handle_me (SoupServerMessage *msg, SrvUser *user)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uid");
  json_builder_add_string_value (b, user->uid);
  json_builder_set_member_name (b, "isAdmin");
  json_builder_add_boolean_value (b, user->admin);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; user->groups[i]; i++)
    json_builder_add_string_value (b, user->groups[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  srv_reply_json_node (msg, 200, node);
}

gboolean
srv_api_softwarecatalog (Srv *srv, SoupServerMessage *msg, char **parts, guint n, SrvUser *user,
                         GPtrArray *params)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");

  if (srv->dialect == 2026 && srv_api_stackiq (srv, msg, parts, n, user, params))
    return TRUE;
  if (user == NULL)
    {
      srv_reply_error (msg, 401, "message", "Current user is not logged in");
      return TRUE;
    }
  if (n == 1 && g_str_equal (parts[0], "me"))
    {
      handle_me (msg, user);
      return TRUE;
    }
  if (n == 2 && g_str_equal (parts[0], "objects") &&
      (g_str_equal (parts[1], "counts") || g_str_equal (parts[1], "statistics")))
    {
      srv_object_counts (srv, msg);
      return TRUE;
    }
  if (n < 2 || !g_str_equal (parts[0], "contactpersonen"))
    return FALSE;
  if (!may_manage (user))
    reply_fail (msg, 403, "You do not have permission to manage contactpersonen");
  else if (n >= 3 && g_str_equal (parts[1], "organisation") && !post)
    list_contacts (srv, msg, parts[2]);
  else if (n == 2 && g_str_equal (parts[1], "change-password") && post)
    change_password (srv, msg);
  else if (n == 2 && g_str_equal (parts[1], "update-groups") && post)
    update_groups (srv, msg);
  else if (n == 2 && g_str_equal (parts[1], "available-groups"))
    available_groups (srv, msg);
  else if (n == 3 && g_str_equal (parts[2], "convert-to-user") && post)
    convert_to_user (srv, msg, parts[1]);
  else if (n == 3 && g_str_equal (parts[2], "user-info"))
    user_info (srv, msg, parts[1]);
  else if (n == 3 && (g_str_equal (parts[2], "disable") || g_str_equal (parts[2], "enable")) &&
           post)
    set_enabled (srv, msg, parts[1], g_str_equal (parts[2], "enable"));
  else
    return FALSE;
  return TRUE;
}
