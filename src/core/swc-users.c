/* SPDX-License-Identifier: GPL-3.0-or-later */
/* User accounts of contact persons. Reading is live (the accounts are not objects the sync
 * fetches); every change is a queued action, sent in order with the object changes it may depend on
 * (a new contact person becomes a user on the server before its groups are set). */
#define G_LOG_DOMAIN "swc-users"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-catalogue.h"
#include "swc-client-private.h"
#include "swc-error.h"
#include "swc-page.h"
#include "swc-users.h"

/* The roles the app's update-groups endpoint may set; the other roles need Nextcloud's own admin
 * pages. */
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
  return g_strdup_printf ("/index.php/apps/%s/api/%s", app_path ? app_path : "softwarecatalog",
                          rest);
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

/* {success, contactpersonen: [{uuid, data, user: {hasUser, username, groups, disabled}}]} -> uuid →
 * info */
GHashTable *
swc_users_parse (const char *text, gsize length, GError **error)
{
  g_autoptr(JsonParser) p = json_parser_new ();
  GHashTable *users;
  JsonObject *root;
  JsonArray *list;

  if (!swc_json_valid (text, length) ||
      !json_parser_load_from_data (p, text, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED,
                   _("The server's answer is not valid JSON"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (p));
  if (!json_object_has_member (root, "contactpersonen") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "contactpersonen")))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED,
                   _("The server did not list the contact persons"));
      return NULL;
    }
  list = json_object_get_array_member (root, "contactpersonen");
  users =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) swc_user_info_free);
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
                           ? g_strdup (json_object_get_string_member (user, "username"))
                           : NULL;
      info->groups = swc_json_strings (user, "groups");
      info->disabled =
          user && json_object_get_boolean_member_with_default (user, "disabled", FALSE);
      g_hash_table_replace (users, info->contact, info);
    }
  return users;
}

/* ---- reading: the app's endpoint, or Nextcloud's own user API when the app cannot answer ---- */

typedef struct
{
  SwcClient *client;
  GPtrArray *people; /* SwcContact plus a username each (uuid, username) as char*[2] */
  guint next;
  GHashTable *users;
  char *notice;
} Fetch;

static void
fetch_free (Fetch *f)
{
  g_object_unref (f->client);
  g_clear_pointer (&f->people, g_ptr_array_unref);
  g_clear_pointer (&f->users, g_hash_table_unref);
  g_free (f->notice);
  g_free (f);
}

static void next_user (GTask *task);

/* {ocs: {data: {id, enabled, groups}}} of /ocs/v2.php/cloud/users/{id}; a 404 is a person without
 * an account. */
static void
user_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Fetch *f = g_task_get_task_data (task);
  char **person = g_ptr_array_index (f->people, f->next - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_get_finish (SWC_CLIENT (source), result, &error);
  g_autoptr(JsonNode) root = body ? _swc_parse_bytes (body, &error) : NULL;
  JsonObject *ocs = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *d = NULL;
  SwcUserInfo *info;

  if (error != NULL && !g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (ocs && json_object_has_member (ocs, "ocs") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (ocs, "ocs")))
    d = json_object_get_member (json_object_get_object_member (ocs, "ocs"), "data");
  info = g_new0 (SwcUserInfo, 1);
  info->contact = g_strdup (person[0]);
  if (d && JSON_NODE_HOLDS_OBJECT (d))
    {
      JsonObject *u = json_node_get_object (d);
      info->has_user = TRUE;
      info->username = g_strdup (person[1]);
      info->groups = swc_json_strings (u, "groups");
      info->disabled = !json_object_get_boolean_member_with_default (u, "enabled", TRUE);
    }
  else
    info->groups = g_new0 (char *, 1);
  g_hash_table_replace (f->users, info->contact, info);
  next_user (task);
}

static void
next_user (GTask *task)
{
  Fetch *f = g_task_get_task_data (task);
  char **person;
  g_autofree char *escaped = NULL, *path = NULL;

  if (f->next >= f->people->len)
    {
      g_task_return_pointer (task, g_steal_pointer (&f->users),
                             (GDestroyNotify) g_hash_table_unref);
      return;
    }
  person = g_ptr_array_index (f->people, f->next++);
  escaped = g_uri_escape_string (person[1], NULL, FALSE);
  path = g_strdup_printf ("/ocs/v2.php/cloud/users/%s?format=json", escaped);
  swc_client_get_json_async (f->client, path, SWC_TIMEOUT_READ, g_task_get_cancellable (task),
                             user_cb, g_object_ref (task));
}

/* The app's endpoint answered with an error of its own (2026: it still looks records up under the
 * 2025 names, api-2026.md §3): each contact person's account is asked of Nextcloud itself. */
static void
fall_back (GTask *task, SwcStore *store, const char *organisation, const GError *app_error)
{
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GPtrArray) contacts = swc_catalogue_contact_persons (store, organisation);

  f->notice =
      g_strdup_printf (_("The catalogue app could not list the accounts (%s); they were read from "
                          "Nextcloud instead"),
                       app_error->message);
  f->users =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) swc_user_info_free);
  f->people = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < contacts->len; i++)
    {
      SwcContact *c = g_ptr_array_index (contacts, i);
      g_autoptr(JsonObject) o = swc_store_object (store, c->uuid);
      const char *name = swc_field_string (o, SWC_FIELD_USERNAME);
      char **person = g_new0 (char *, 3);
      person[0] = g_strdup (c->uuid);
      person[1] = g_strdup (name && *name ? name : c->email);
      if (person[1] == NULL)
        {
          g_strfreev (person); /* no name to ask by: no account */
          continue;
        }
      g_ptr_array_add (f->people, person);
    }
  next_user (task);
}

typedef struct
{
  GTask *task;
  SwcStore *store;
  char *organisation;
} AppCall;

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AppCall *call = data;
  g_autoptr(GTask) task = call->task;
  g_autoptr(SwcStore) store = call->store;
  g_autofree char *organisation = call->organisation;
  GError *error = NULL;
  g_autoptr(GBytes) body = swc_client_get_finish (SWC_CLIENT (source), result, &error);
  GHashTable *users =
      body ? swc_users_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error)
           : NULL;

  g_free (call);
  if (users != NULL)
    {
      g_task_return_pointer (task, users, (GDestroyNotify) g_hash_table_unref);
      return;
    }
  /* no connection, or not allowed: Nextcloud would not answer either */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, SWC_ERROR, SWC_ERROR_OFFLINE) ||
      g_error_matches (error, SWC_ERROR, SWC_ERROR_NETWORK) ||
      g_error_matches (error, SWC_ERROR, SWC_ERROR_TIMEOUT) ||
      g_error_matches (error, SWC_ERROR, SWC_ERROR_CERTIFICATE) ||
      g_error_matches (error, SWC_ERROR, SWC_ERROR_UNAUTHORIZED) || store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  fall_back (task, store, organisation, error);
  g_error_free (error);
}

/* The accounts of an organisation's contact persons, keyed by contact person uuid: from the
 * catalogue app, or, when the app answers with an error of its own, from Nextcloud's user API (with
 * a notice saying so). */
void
swc_users_fetch_async (SwcClient *client, SwcStore *store, const char *app_path,
                       const char *organisation, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *rest = NULL;
  g_autofree char *path = NULL;
  GTask *task;
  Fetch *f;
  AppCall *call;

  g_return_if_fail (SWC_IS_CLIENT (client));
  g_return_if_fail (store == NULL || SWC_IS_STORE (store)); /* NULL: the app's answer only */
  g_return_if_fail (organisation != NULL);

  rest = g_strdup_printf ("contactpersonen/organisation/%s/with-user-details", organisation);
  path = swc_users_path (app_path, rest);
  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_users_fetch_async);
  f = g_new0 (Fetch, 1);
  f->client = g_object_ref (client);
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_free);
  call = g_new0 (AppCall, 1);
  call->task = task;
  call->store = store ? g_object_ref (store) : NULL;
  call->organisation = g_strdup (organisation);
  swc_client_get_json_async (client, path, SWC_TIMEOUT_READ, cancellable, fetched_cb, call);
}

GHashTable *
swc_users_fetch_finish (GAsyncResult *result, char **notice, GError **error)
{
  Fetch *f;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  f = g_task_get_task_data (G_TASK (result));
  if (notice)
    *notice = g_task_had_error (G_TASK (result)) ? NULL : g_strdup (f->notice);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
swc_users_queue_enabled (SwcQueue *queue, const char *app_path, const char *contact,
                         const char *name, gboolean enabled, guint hold_ms, GError **error)
{
  g_autofree char *rest =
      g_strdup_printf ("contactpersonen/%s/%s", contact, enabled ? "enable" : "disable");
  g_autofree char *path = swc_users_path (app_path, rest);
  g_autofree char *label = enabled ? g_strdup_printf (_("Enable the account of %s"), name)
                                   : g_strdup_printf (_("Disable the account of %s"), name);

  g_return_val_if_fail (SWC_IS_QUEUE (queue), 0);

  return swc_queue_action (queue, "contactpersoon", contact, path, NULL, hold_ms, label, error);
}

gint64
swc_users_queue_groups (SwcQueue *queue, const char *app_path, const char *contact,
                        const char *username, const char *const *groups, const char *name,
                        guint hold_ms, GError **error)
{
  g_autofree char *path = swc_users_path (app_path, "contactpersonen/update-groups");
  g_autofree char *label = g_strdup_printf (_("Set the roles of %s"), name);
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *list = json_array_new ();

  g_return_val_if_fail (SWC_IS_QUEUE (queue), 0);

  for (guint i = 0; groups[i]; i++)
    json_array_add_string_element (list, groups[i]);
  json_object_set_string_member (body, "username", username);
  json_object_set_array_member (body, "groups", list);
  return swc_queue_action (queue, "contactpersoon", contact, path, body, hold_ms, label, error);
}

/* Makes a contact person without an account a user (the server names it after the e-mail address).
 */
gint64
swc_users_queue_convert (SwcQueue *queue, const char *app_path, const char *contact,
                         const char *name, guint hold_ms, GError **error)
{
  g_autofree char *rest = g_strdup_printf ("contactpersonen/%s/convert-to-user", contact);
  g_autofree char *path = swc_users_path (app_path, rest);
  g_autofree char *label = g_strdup_printf (_("Make %s a user"), name);

  g_return_val_if_fail (SWC_IS_QUEUE (queue), 0);

  return swc_queue_action (queue, "contactpersoon", contact, path, NULL, hold_ms, label, error);
}

/* A new password is sent at once and never queued: it is not written to disk, not even for a
 * moment. */
void
swc_users_set_password_async (SwcClient *client, const char *app_path, const char *username,
                              const char *password, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = swc_users_path (app_path, "contactpersonen/change-password");
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (SWC_IS_CLIENT (client));

  json_object_set_string_member (body, "username", username);
  json_object_set_string_member (body, "newPassword", password);
  node = json_node_init_object (json_node_alloc (), body);
  swc_client_send_async (client, "POST", path, node, SWC_TIMEOUT_WRITE, cancellable, callback,
                         user_data);
}

gboolean
swc_users_set_password_finish (SwcClient *client, GAsyncResult *result, GError **error)
{
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (SWC_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  body = swc_client_send_finish (client, result, error);
  return body != NULL;
}
