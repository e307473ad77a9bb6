/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nextcloud Login Flow v2: ask for a login URL, let the user log in there (browser), poll until the
 * server hands out an app password; and revoking it at logout. */
#define G_LOG_DOMAIN "swc-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-client-private.h"
#include "swc-error.h"

#define POLL_INTERVAL_MS 1000

typedef struct
{
  SwcOpenUrlFunc open_url;
  gpointer open_url_data;
  char *token;
  char *endpoint;
  char *login_name;
  char *app_password;
  guint poll_id;
} Flow;

static void
flow_free (Flow *f)
{
  g_clear_handle_id (&f->poll_id, g_source_remove);
  g_free (f->token);
  g_free (f->endpoint);
  g_free (f->login_name);
  g_free (f->app_password);
  g_free (f);
}

static void poll_once (GTask *task);

static gboolean
poll_cb (gpointer data)
{
  GTask *task = data;
  Flow *f = g_task_get_task_data (task);

  f->poll_id = 0;
  poll_once (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
polled_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Flow *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_send_finish (SWC_CLIENT (source), result, &error);
  g_autoptr(JsonNode) root = NULL;

  if (g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND) || swc_error_is_transient (error))
    {
      /* not logged in yet (404), or a passing problem: ask again in a moment */
      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Login cancelled"));
      else
        f->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, g_object_ref (task));
      return;
    }
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  root = _swc_parse_bytes (body, &error);
  if (root == NULL || !_swc_path_string (root, "loginName", NULL) ||
      !_swc_path_string (root, "appPassword", NULL))
    {
      g_task_return_new_error (task, SWC_ERROR, SWC_ERROR_MALFORMED,
                               _("The server's login answer is incomplete"));
      return;
    }
  f->login_name = g_strdup (_swc_path_string (root, "loginName", NULL));
  f->app_password = g_strdup (_swc_path_string (root, "appPassword", NULL));
  g_task_return_boolean (task, TRUE);
}

static void
poll_once (GTask *task)
{
  Flow *f = g_task_get_task_data (task);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_hash_table_insert (form, "token", f->token);
  _swc_client_send_form_async (g_task_get_source_object (task), f->endpoint, form, TRUE,
                               g_task_get_cancellable (task), poll_once, polled_cb,
                               g_object_ref (task));
}

static void
started_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Flow *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_send_finish (SWC_CLIENT (source), result, &error);
  g_autoptr(JsonNode) root = body ? _swc_parse_bytes (body, &error) : NULL;
  const char *login;

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  login = _swc_path_string (root, "login", NULL);
  f->token = g_strdup (_swc_path_string (root, "poll", "token"));
  f->endpoint = g_strdup (_swc_path_string (root, "poll", "endpoint"));
  if (login == NULL || f->token == NULL || f->endpoint == NULL)
    {
      g_task_return_new_error (task, SWC_ERROR, SWC_ERROR_NOT_A_BACKEND,
                               _("The server does not offer the Nextcloud login flow"));
      return;
    }
  f->open_url (login, f->open_url_data);
  poll_once (task);
}

void
swc_client_login_flow_async (SwcClient *self, SwcOpenUrlFunc open_url, gpointer open_url_data,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Flow *f = g_new0 (Flow, 1);

  g_return_if_fail (SWC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_client_login_flow_async);
  f->open_url = open_url;
  f->open_url_data = open_url_data;
  g_task_set_task_data (task, f, (GDestroyNotify) flow_free);
  _swc_client_send_form_async (self, "/index.php/login/v2", NULL, TRUE, cancellable,
                               swc_client_login_flow_async, started_cb, g_object_ref (task));
}

gboolean
swc_client_login_flow_finish (SwcClient *self, GAsyncResult *result, char **login_name,
                              char **app_password, GError **error)
{
  Flow *f = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (SWC_IS_CLIENT (self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *login_name = g_steal_pointer (&f->login_name);
  *app_password = g_steal_pointer (&f->app_password);
  return TRUE;
}

static void
revoked_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_send_finish (SWC_CLIENT (source), result, &error);

  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
swc_client_logout_async (SwcClient *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  GTask *task;

  g_return_if_fail (SWC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_client_logout_async);
  swc_client_send_async (self, "DELETE", "/ocs/v2.php/core/apppassword?format=json", NULL,
                         SWC_TIMEOUT_WRITE, cancellable, revoked_cb, task);
}

gboolean
swc_client_logout_finish (SwcClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
