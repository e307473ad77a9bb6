/* SPDX-License-Identifier: GPL-3.0-or-later */
/* login and logout. */
#define G_LOG_DOMAIN "catalogusbeheer-cmd"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "swc-cmd.h"
#include "swc-credentials.h"
#include "swc-error.h"

static void
open_url (const char *url, gpointer data)
{
  printf (_("Open this address in your browser and log in:\n  %s\n"), url);
  fflush (stdout);
  if (g_getenv ("DISPLAY") || g_getenv ("WAYLAND_DISPLAY"))
    g_app_info_launch_default_for_uri (url, NULL, NULL);
}

static gboolean
check_access (SwcCmd *cmd, GError **error)
{
  g_autoptr(SwcCapabilities) caps = NULL;

  swc_client_detect_async (cmd->client, NULL, swc_cmd_wait_cb, cmd);
  caps = swc_client_detect_finish (cmd->client, swc_cmd_wait (cmd), error);
  if (caps == NULL)
    return FALSE;
  printf (_("Logged in as %s at %s%s.\n"), cmd->user, cmd->server,
          caps->is_admin
              ? ""
              : _(" (not a Nextcloud admin: merging and user management will be refused)"));
  return TRUE;
}

static gboolean
login_flow (SwcCmd *cmd, GError **error)
{
  g_autofree char *login_name = NULL;
  g_autofree char *app_password = NULL;

  cmd->client = swc_client_new (cmd->server, cmd->user, NULL);
  swc_client_login_flow_async (cmd->client, open_url, cmd, NULL, swc_cmd_wait_cb, cmd);
  if (!swc_client_login_flow_finish (cmd->client, swc_cmd_wait (cmd), &login_name, &app_password,
                                     error))
    return FALSE;
  g_free (cmd->user);
  cmd->user = g_strdup (login_name);
  g_clear_object (&cmd->client);
  cmd->client = swc_client_new (cmd->server, cmd->user, app_password);
  return swc_credentials_store (cmd->server, cmd->user, app_password, error);
}

int
swc_cmd_login (SwcCmd *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int rc = swc_cmd_parse (cmd, &argc, &argv, NULL, NULL);
  const char *env = g_getenv ("SWC_PASSWORD");

  if (rc >= 0)
    return rc;
  if (cmd->user == NULL)
    cmd->user = g_strdup ("");
  if (!swc_cmd_resolve (cmd, &error))
    return swc_cmd_fail (error);
  if (env != NULL && *env)
    cmd->client = swc_client_new (cmd->server, cmd->user, env);
  else if (!login_flow (cmd, &error))
    return swc_cmd_fail (error);
  if (!check_access (cmd, &error))
    return swc_cmd_fail (error);
  swc_cmd_save_connection (cmd);
  return SWC_EXIT_OK;
}

int
swc_cmd_logout (SwcCmd *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean remove_data = FALSE;
  const GOptionEntry extra[] = { { "remove-data", 0, 0, G_OPTION_ARG_NONE, &remove_data,
                                   N_("Also delete the local store of this account"), NULL },
                                 { NULL } };
  int rc = swc_cmd_parse (cmd, &argc, &argv, extra, NULL);

  if (rc >= 0)
    return rc;
  if (!swc_cmd_resolve (cmd, &error) || !swc_cmd_connect (cmd, TRUE, &error))
    return swc_cmd_fail (error);
  if (g_getenv ("SWC_PASSWORD") == NULL)
    {
      /* an app password from the keyring: revoke it on the server, then forget it */
      swc_client_logout_async (cmd->client, NULL, swc_cmd_wait_cb, cmd);
      if (!swc_client_logout_finish (cmd->client, swc_cmd_wait (cmd), &error))
        return swc_cmd_fail (error);
      if (!swc_credentials_clear (cmd->server, cmd->user, &error))
        return swc_cmd_fail (error);
    }
  if (remove_data)
    {
      if (!swc_cmd_create_store (cmd, &error))
        return swc_cmd_fail (error);
      {
        g_autofree char *path = g_strdup (swc_store_get_path (cmd->store));
        g_autofree char *wal = g_strconcat (path, "-wal", NULL),
                        *shm = g_strconcat (path, "-shm", NULL);
        g_clear_object (&cmd->store);
        g_unlink (path);
        g_unlink (wal);
        g_unlink (shm);
      }
    }
  printf (_("Logged out of %s.\n"), cmd->server);
  return SWC_EXIT_OK;
}
