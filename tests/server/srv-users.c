/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nextcloud users, groups and app passwords, and the softwarecatalog app's side effects on them. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-dialect.h"

#include <string.h>

static void
exec_bind (Srv *srv, const char *sql, const char *a, const char *b)
{
  sqlite3_stmt *s = srv_prepare (srv, sql);

  sqlite3_bind_text (s, 1, a, -1, SQLITE_TRANSIENT);
  if (b)
    sqlite3_bind_text (s, 2, b, -1, SQLITE_TRANSIENT);
  sqlite3_step (s);
  sqlite3_finalize (s);
}

gboolean
srv_users_check_password (Srv *srv, const char *uid, const char *password,
                          gboolean *is_app_password)
{
  sqlite3_stmt *s;
  gboolean ok = FALSE;

  *is_app_password = FALSE;
  s = srv_prepare (srv, "SELECT 1 FROM app_passwords a JOIN users u ON u.uid = a.uid"
                        " WHERE a.token = ? AND a.uid = ? AND u.enabled = 1");
  sqlite3_bind_text (s, 1, password, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s) == SQLITE_ROW)
    ok = *is_app_password = TRUE;
  sqlite3_finalize (s);
  if (!ok)
    {
      s = srv_prepare (srv, "SELECT 1 FROM users WHERE uid = ? AND password = ? AND enabled = 1");
      sqlite3_bind_text (s, 1, uid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 2, password, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (s) == SQLITE_ROW;
      sqlite3_finalize (s);
    }
  if (ok)
    {
      s = srv_prepare (srv, "UPDATE users SET last_login = ? WHERE uid = ?");
      sqlite3_bind_int64 (s, 1, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_bind_text (s, 2, uid, -1, SQLITE_TRANSIENT);
      sqlite3_step (s);
      sqlite3_finalize (s);
    }
  return ok;
}

GStrv
srv_user_groups (Srv *srv, const char *uid)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  sqlite3_stmt *s = srv_prepare (srv, "SELECT gid FROM user_groups WHERE uid = ? ORDER BY gid");

  sqlite3_bind_text (s, 1, uid, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_strv_builder_add (b, (const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return g_strv_builder_end (b);
}

SrvUser *
srv_user_load (Srv *srv, const char *uid)
{
  SrvUser *u;

  if (!srv_user_exists (srv, uid))
    return NULL;
  u = g_new0 (SrvUser, 1);
  u->uid = g_strdup (uid);
  u->groups = srv_user_groups (srv, uid);
  u->admin = g_strv_contains ((const char *const *) u->groups, "admin");
  return u;
}

void
srv_user_free (SrvUser *user)
{
  if (user == NULL)
    return;
  g_free (user->uid);
  g_strfreev (user->groups);
  g_free (user);
}

gboolean
srv_user_exists (Srv *srv, const char *uid)
{
  sqlite3_stmt *s = srv_prepare (srv, "SELECT 1 FROM users WHERE uid = ?");
  gboolean found;

  sqlite3_bind_text (s, 1, uid, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_finalize (s);
  return found;
}

void
srv_user_create (Srv *srv, const char *uid, const char *password, const char *display,
                 const char *email, gboolean enabled)
{
  sqlite3_stmt *s =
      srv_prepare (srv, "INSERT OR IGNORE INTO users (uid, password, display_name, email, enabled,"
                        " created) VALUES (?, ?, ?, ?, ?, ?)");

  sqlite3_bind_text (s, 1, uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, password, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, display ? display : uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 4, email ? email : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (s, 5, enabled);
  sqlite3_bind_int64 (s, 6, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_step (s);
  sqlite3_finalize (s);
}

void
srv_user_set_enabled (Srv *srv, const char *uid, gboolean enabled)
{
  exec_bind (srv,
             enabled ? "UPDATE users SET enabled = 1 WHERE uid = ?"
                     : "UPDATE users SET enabled = 0 WHERE uid = ?",
             uid, NULL);
}

void
srv_group_ensure (Srv *srv, const char *gid)
{
  exec_bind (srv, "INSERT OR IGNORE INTO groups (gid) VALUES (?)", gid, NULL);
}

void
srv_user_add_group (Srv *srv, const char *uid, const char *gid)
{
  srv_group_ensure (srv, gid);
  exec_bind (srv, "INSERT OR IGNORE INTO user_groups (uid, gid) VALUES (?, ?)", uid, gid);
}

void
srv_user_remove_group (Srv *srv, const char *uid, const char *gid)
{
  exec_bind (srv, "DELETE FROM user_groups WHERE uid = ? AND gid = ?", uid, gid);
}

char *
srv_app_password_create (Srv *srv, const char *uid)
{
  GString *token = g_string_new (NULL);
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  sqlite3_stmt *s;

  for (int i = 0; i < 72; i++)
    g_string_append_c (token, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);
  s = srv_prepare (srv, "INSERT INTO app_passwords (token, uid, created) VALUES (?, ?, ?)");
  sqlite3_bind_text (s, 1, token->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_step (s);
  sqlite3_finalize (s);
  return g_string_free (token, FALSE);
}

/* Default role group by organisation type (ContactPersonHandler). */
const char *
srv_role_group_for_type (const char *org_type)
{
  if (srv_dialect_is_value ("organisatie", "type", "Leverancier", org_type) ||
      srv_dialect_is_value ("organisatie", "type", "Community", org_type))
    return "aanbod-beheerder";
  return "gebruik-beheerder";
}

static void
set_users_of_organisation_enabled (Srv *srv, const char *org_uuid, gboolean enabled)
{
  sqlite3_stmt *s = srv_prepare (
      srv,
      "SELECT json_extract(o.data, '$.username') FROM refs r JOIN objects o ON o.rowid = r.source"
      " WHERE r.target = ? AND r.property = ? AND o.deleted IS NULL"
      " AND json_extract(o.data, '$.username') IS NOT NULL");

  sqlite3_bind_text (s, 1, org_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, srv_dialect_prop (srv, "contactpersoon", "organisatie"), -1,
                     SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      const char *uid = (const char *) sqlite3_column_text (s, 0);
      g_auto(GStrv) groups = srv_user_groups (srv, uid);
      if (!g_strv_contains ((const char *const *) groups, "admin")) /* NC admins are left alone */
        srv_user_set_enabled (srv, uid, enabled);
    }
  sqlite3_finalize (s);
}

static char *
string_or_null (JsonObject *o, const char *key)
{
  JsonNode *n = o && json_object_has_member (o, key) ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? g_strdup (json_node_get_string (n))
             : NULL;
}

/* A new contactpersoon becomes a user: username = e-mail, in the role group of its organisation's
 * type, enabled only when the organisation is Actief; the username is written back on the object.
 */
static void
provision_contact (Srv *srv, SrvObject *obj)
{
  g_autofree char *email = string_or_null (obj->data, "e-mailadres");
  g_autofree char *org_uuid =
      string_or_null (obj->data, srv_dialect_prop (srv, "contactpersoon", "organisatie"));
  g_autofree char *username = string_or_null (obj->data, "username");
  g_autofree char *type = NULL, *status = NULL, *display = NULL;
  SrvObject *org;

  if (email == NULL || username != NULL || org_uuid == NULL)
    return;
  org = srv_object_load (srv, org_uuid, FALSE);
  if (org == NULL)
    return;
  type = string_or_null (org->data, "type");
  status = string_or_null (org->data, "status");
  display =
      g_strdup_printf ("%s %s",
                       json_object_get_string_member_with_default (obj->data, "voornaam", ""),
                       json_object_get_string_member_with_default (obj->data, "achternaam", ""));
  if (!srv_user_exists (srv, email))
    {
      g_autofree char *password = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
      srv_user_create (srv, email, password, g_strstrip (display), email,
                       srv_dialect_is_value ("organisatie", "status", "Actief", status));
    }
  srv_user_add_group (srv, email, srv_role_group_for_type (type));
  json_object_set_string_member (obj->data, "username", email);
  srv_object_store (srv, obj, "admin", "update", NULL, FALSE, NULL);
  srv_object_free (org);
}

void
srv_side_effects_after_save (Srv *srv, SrvObject *obj, const char *old_status, gboolean created)
{
  g_autofree char *status = NULL;

  srv_dialect_after_save (srv, obj);
  if (g_str_equal (obj->schema->slug, srv_dialect_slug (srv, "contactpersoon")) && created)
    {
      provision_contact (srv, obj);
      return;
    }
  if (!g_str_equal (obj->schema->slug, srv_dialect_slug (srv, "organisatie")) || created)
    return;
  status = string_or_null (obj->data, "status");
  if (status == NULL || (old_status != NULL && g_ascii_strcasecmp (old_status, status) == 0))
    return;
  if (srv_dialect_is_value ("organisatie", "status", "Actief", status))
    set_users_of_organisation_enabled (srv, obj->uuid, TRUE);
  else if (srv_dialect_is_value ("organisatie", "status", "Deactief", status))
    set_users_of_organisation_enabled (srv, obj->uuid, FALSE);
}

/* The fixed accounts every dataset has (listed by --help). */
void
srv_users_seed_fixed (Srv *srv)
{
  static const char *role_groups[] = { "admin",
                                       "functioneel-beheerder",
                                       "gebruik-beheerder",
                                       "aanbod-beheerder",
                                       "gebruik-raadpleger",
                                       "vng-raadpleger",
                                       "organisatie-beheerder",
                                       "software-catalog-users",
                                       "software-catalog-admins",
                                       NULL };

  for (guint i = 0; role_groups[i]; i++)
    srv_group_ensure (srv, role_groups[i]);
  srv_user_create (srv, "admin", "admin", "Functioneel Beheerder", "admin@vng.example", TRUE);
  srv_user_add_group (srv, "admin", "admin");
  srv_user_add_group (srv, "admin", "functioneel-beheerder");
  srv_user_create (srv, "gebruik", "gebruik", "Gebruik Beheerder", "gebruik@gemeente.example",
                   TRUE);
  srv_user_add_group (srv, "gebruik", "gebruik-beheerder");
  srv_user_create (srv, "aanbod", "aanbod", "Aanbod Beheerder", "aanbod@leverancier.example", TRUE);
  srv_user_add_group (srv, "aanbod", "aanbod-beheerder");
  srv_user_create (srv, "bezoeker", "bezoeker", "Bezoeker Zonder Rol", "bezoeker@example.org",
                   TRUE);
}
