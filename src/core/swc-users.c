/* SPDX-License-Identifier: GPL-3.0-or-later */
/* User accounts of contact persons. Reading is live (the accounts are not objects the sync fetches); every
 * change is a queued action, sent in order with the object changes it may depend on (a new contact person
 * becomes a user on the server before its groups are set). */
#define G_LOG_DOMAIN "swc-users"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-error.h"
#include "swc-page.h"
#include "swc-users.h"

/* The roles the app's update-groups endpoint may set; the other roles need Nextcloud's own admin pages. */
static const struct
{
  const char *role;
  const char *group;
} role_groups[] = {
  { "Gebruik-beheerder", "gebruik-beheerder" },
  { "Aanbod-beheerder", "aanbod-beheerder" },
  { "Gebruik-raadpleger", "gebruik-raadpleger" },
};

/* "/index.php/apps/softwarecatalog/api/<rest>" (or stackiq, the 2026 name). */
char *
swc_users_path (const char *app_path, const char *rest)
{
  return g_strdup_printf ("/index.php/apps/%s/api/%s", app_path ? app_path : "softwarecatalog", rest);
}

/* The Nextcloud group of a role, when the app can set it; NULL otherwise. */
const char *
swc_users_role_group (const char *role)
{
  for (guint i = 0; role && i < G_N_ELEMENTS (role_groups); i++)
    if (g_ascii_strcasecmp (role, role_groups[i].role) == 0)
      return role_groups[i].group;
  return NULL;
}

void
swc_user_info_free (SwcUserInfo *info)
{
  g_free (info->contact);
  g_free (info->username);
  g_strfreev (info->groups);
  g_free (info);
}

/* {success, contactpersonen: [{uuid, data, user: {hasUser, username, groups, disabled}}]} -> uuid → info */
GHashTable *
swc_users_parse (const char *text, gsize length, GError **error)
{
  g_autoptr(JsonParser) p = json_parser_new ();
  GHashTable *users;
  JsonObject *root;
  JsonArray *list;

  if (!swc_json_valid (text, length) || !json_parser_load_from_data (p, text, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED, _("The server's answer is not valid JSON"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (p));
  if (!json_object_has_member (root, "contactpersonen") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "contactpersonen")))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED, _("The server did not list the contact persons"));
      return NULL;
    }
  list = json_object_get_array_member (root, "contactpersonen");
  users = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) swc_user_info_free);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      JsonNode *u = o ? json_object_get_member (o, "user") : NULL;
      JsonObject *user = u && JSON_NODE_HOLDS_OBJECT (u) ? json_node_get_object (u) : NULL;
      const char *uuid = o ? json_object_get_string_member_with_default (o, "uuid", NULL) : NULL;
      SwcUserInfo *info;
      if (uuid == NULL)
        continue;
      info = g_new0 (SwcUserInfo, 1);
      info->contact = g_strdup (uuid);
      info->has_user = user && json_object_get_boolean_member_with_default (user, "hasUser", FALSE);
      info->username = user && json_object_has_member (user, "username") &&
                       JSON_NODE_HOLDS_VALUE (json_object_get_member (user, "username"))
                       ? g_strdup (json_object_get_string_member (user, "username")) : NULL;
      info->groups = swc_json_strings (user, "groups");
      info->disabled = user && json_object_get_boolean_member_with_default (user, "disabled", FALSE);
      g_hash_table_replace (users, info->contact, info);
    }
  return users;
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  g_autoptr(GBytes) body = swc_client_get_finish (SWC_CLIENT (source), result, &error);
  GHashTable *users;

  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  users = swc_users_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  if (users == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, users, (GDestroyNotify) g_hash_table_unref);
}

/* The accounts of an organisation's contact persons, keyed by contact person uuid. */
void
swc_users_fetch_async (SwcClient *client, const char *app_path, const char *organisation, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *rest = g_strdup_printf ("contactpersonen/organisation/%s/with-user-details", organisation);
  g_autofree char *path = swc_users_path (app_path, rest);
  GTask *task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, swc_users_fetch_async);
  swc_client_get_json_async (client, path, SWC_TIMEOUT_READ, cancellable, fetched_cb, task);
}

GHashTable *
swc_users_fetch_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
swc_users_queue_enabled (SwcQueue *queue, const char *app_path, const char *contact, const char *name,
                         gboolean enabled, guint hold_ms, GError **error)
{
  g_autofree char *rest = g_strdup_printf ("contactpersonen/%s/%s", contact, enabled ? "enable" : "disable");
  g_autofree char *path = swc_users_path (app_path, rest);
  g_autofree char *label = enabled ? g_strdup_printf (_("Enable the account of %s"), name)
                                   : g_strdup_printf (_("Disable the account of %s"), name);

  return swc_queue_action (queue, "contactpersoon", contact, path, NULL, hold_ms, label, error);
}

gint64
swc_users_queue_groups (SwcQueue *queue, const char *app_path, const char *contact, const char *username,
                        const char *const *groups, const char *name, guint hold_ms, GError **error)
{
  g_autofree char *path = swc_users_path (app_path, "contactpersonen/update-groups");
  g_autofree char *label = g_strdup_printf (_("Set the roles of %s"), name);
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; groups[i]; i++)
    json_array_add_string_element (list, groups[i]);
  json_object_set_string_member (body, "username", username);
  json_object_set_array_member (body, "groups", list);
  return swc_queue_action (queue, "contactpersoon", contact, path, body, hold_ms, label, error);
}

/* Makes a contact person without an account a user (the server names it after the e-mail address). */
gint64
swc_users_queue_convert (SwcQueue *queue, const char *app_path, const char *contact, const char *name,
                         guint hold_ms, GError **error)
{
  g_autofree char *rest = g_strdup_printf ("contactpersonen/%s/convert-to-user", contact);
  g_autofree char *path = swc_users_path (app_path, rest);
  g_autofree char *label = g_strdup_printf (_("Make %s a user"), name);

  return swc_queue_action (queue, "contactpersoon", contact, path, NULL, hold_ms, label, error);
}

/* A new password is sent at once and never queued: it is not written to disk, not even for a moment. */
void
swc_users_set_password_async (SwcClient *client, const char *app_path, const char *username, const char *password,
                              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = swc_users_path (app_path, "contactpersonen/change-password");
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (body, "username", username);
  json_object_set_string_member (body, "newPassword", password);
  node = json_node_init_object (json_node_alloc (), body);
  swc_client_send_async (client, "POST", path, node, SWC_TIMEOUT_WRITE, cancellable, callback, user_data);
}

gboolean
swc_users_set_password_finish (SwcClient *client, GAsyncResult *result, GError **error)
{
  g_autoptr(GBytes) body = swc_client_send_finish (client, result, error);

  return body != NULL;
}
