/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the server offers, found at login: is it a Nextcloud with OpenRegister, who is the user,
 * which registers and schemas (and so which vocabulary), and where the softwarecatalog app lives.
 */
#define G_LOG_DOMAIN "swc-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-client-private.h"
#include "swc-error.h"

typedef enum
{
  STEP_STATUS,
  STEP_USER,
  STEP_REGISTERS,
  STEP_SCHEMAS,
  STEP_APP,
  STEP_APP_2026,
  STEP_DONE,
} Step;

typedef struct
{
  Step step;
  SwcCapabilities *caps;
  JsonNode *registers;
} Detect;

/* A cut-off answer is asked for again, as the sync does with a page; a server that is not a
 * Nextcloud answers the same way every time, so after these the verdict stands. */

static void
detect_free (Detect *d)
{
  g_clear_pointer (&d->caps, swc_capabilities_free);
  g_clear_pointer (&d->registers, json_node_unref);
  g_free (d);
}

void
swc_capabilities_free (SwcCapabilities *caps)
{
  g_clear_pointer (&caps->schemas, swc_schema_set_free);
  g_free (caps->registers_json);
  g_free (caps->schemas_json);
  g_free (caps->app_path);
  g_free (caps->display_name);
  g_free (caps);
}

static void detect_next (GTask *task);

static const char *
step_path (Step step)
{
  switch (step)
    {
    case STEP_STATUS:
      return "/status.php";
    case STEP_USER:
      return "/ocs/v2.php/cloud/user?format=json";
    case STEP_REGISTERS:
      return "/index.php/apps/openregister/api/registers?_limit=200";
    case STEP_SCHEMAS:
      return "/index.php/apps/openregister/api/schemas?_limit=1000";
    case STEP_APP:
      return "/index.php/apps/softwarecatalog/api/me";
    case STEP_APP_2026:
      return "/index.php/apps/stackiq/api/me";
    default:
      g_assert_not_reached ();
    }
}

static gboolean
take_user (Detect *d, JsonNode *root)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *data = o && json_object_has_member (o, "ocs") &&
                           JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "ocs"))
                       ? json_object_get_member (json_object_get_object_member (o, "ocs"), "data")
                       : NULL;
  JsonNode *groups;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return FALSE;
  d->caps->display_name = g_strdup (_swc_path_string (data, "displayname", NULL));
  groups = json_object_get_member (json_node_get_object (data), "groups");
  for (guint i = 0; groups && JSON_NODE_HOLDS_ARRAY (groups) &&
                    i < json_array_get_length (json_node_get_array (groups));
       i++)
    if (g_strcmp0 (json_array_get_string_element (json_node_get_array (groups), i), "admin") == 0)
      d->caps->is_admin = TRUE;
  return TRUE;
}

/* Why /status.php failed, in words that name the cause: only a page that is not there means there
 * is no Nextcloud; a login or access rule in front of it, a broken answer or a network fault say
 * so. */
static GError *
status_error (GError *error)
{
  if (g_error_matches (error, SWC_ERROR, SWC_ERROR_UNAUTHORIZED))
    return g_error_new_literal (
        SWC_ERROR, SWC_ERROR_UNAUTHORIZED,
        _("The server at this address asks for a login before it says what it is; check the "
           "address, or ask its administrator whether something protects it"));
  if (g_error_matches (error, SWC_ERROR, SWC_ERROR_FORBIDDEN))
    return g_error_new_literal (
        SWC_ERROR, SWC_ERROR_FORBIDDEN,
        _("The server at this address refuses access to its status page; ask its "
           "administrator whether this computer may reach it"));
  if (error->domain == SWC_ERROR &&
      (error->code == SWC_ERROR_NOT_FOUND || error->code == SWC_ERROR_FAILED ||
       error->code == SWC_ERROR_INVALID))
    return g_error_new_literal (SWC_ERROR, SWC_ERROR_NOT_A_BACKEND,
                                _("There is no Nextcloud server at this address"));
  return g_error_copy (error);
}

/* Handles one answer; FALSE when the task has been given an error. */
static gboolean
take_answer (GTask *task, Detect *d, GBytes *body, GError *error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (d->step == STEP_APP || d->step == STEP_APP_2026)
    {
      /* the app is optional: an error only means it is not at this path */
      if (error == NULL)
        {
          d->caps->app_path = g_strdup (d->step == STEP_APP ? "softwarecatalog" : "stackiq");
          swc_client_set_app_path (g_task_get_source_object (task), d->caps->app_path);
        }
      d->step = error == NULL || d->step == STEP_APP_2026 ? STEP_DONE : STEP_APP_2026;
      return TRUE;
    }
  if (error != NULL)
    {
      if (d->step == STEP_STATUS)
        g_task_return_error (task, status_error (error));
      else if (d->step == STEP_REGISTERS && error->code == SWC_ERROR_NOT_FOUND)
        g_task_return_new_error (
            task, SWC_ERROR, SWC_ERROR_NOT_A_BACKEND,
            _("The server has no OpenRegister; it is not a software catalogue"));
      else
        g_task_return_error (task, g_error_copy (error));
      return FALSE;
    }
  /* a broken JSON answer was asked for again by the client already; what is left is not JSON at all
   */
  root = _swc_parse_bytes (body, &parse_error);
  if (d->step == STEP_STATUS &&
      (root == NULL || _swc_path_string (root, "productname", NULL) == NULL))
    {
      g_task_return_new_error (task, SWC_ERROR, SWC_ERROR_NOT_A_BACKEND,
                               _("There is no Nextcloud server at this address"));
      return FALSE;
    }
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&parse_error));
      return FALSE;
    }
  switch (d->step)
    {
    case STEP_USER:
      take_user (d, root);
      break;
    case STEP_REGISTERS:
      d->registers = g_steal_pointer (&root);
      d->caps->registers_json = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      break;
    case STEP_SCHEMAS:
      d->caps->schemas = swc_schema_set_new_from_json (d->registers, root, &parse_error);
      if (d->caps->schemas == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&parse_error));
          return FALSE;
        }
      d->caps->schemas_json = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      swc_client_set_schemas (g_task_get_source_object (task), d->caps->schemas);
      break;
    default:
      break;
    }
  d->step++;
  return TRUE;
}

static void
answered_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Detect *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_get_finish (SWC_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (take_answer (task, d, body, error))
    detect_next (task);
}

static void
detect_next (GTask *task)
{
  Detect *d = g_task_get_task_data (task);

  if (d->step == STEP_DONE)
    {
      g_task_return_pointer (task, g_steal_pointer (&d->caps),
                             (GDestroyNotify) swc_capabilities_free);
      return;
    }
  swc_client_get_json_async (g_task_get_source_object (task), step_path (d->step), SWC_TIMEOUT_READ,
                             g_task_get_cancellable (task), answered_cb, g_object_ref (task));
}

void
swc_client_detect_async (SwcClient *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Detect *d = g_new0 (Detect, 1);

  g_return_if_fail (SWC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_client_detect_async);
  d->caps = g_new0 (SwcCapabilities, 1);
  g_task_set_task_data (task, d, (GDestroyNotify) detect_free);
  swc_client_set_app_path (self,
                           NULL); /* the app is looked for under each of its names, as they are */
  detect_next (task);
}

SwcCapabilities *
swc_client_detect_finish (SwcClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
