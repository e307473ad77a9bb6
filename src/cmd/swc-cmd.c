/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the commands share: options, the saved connection, the store, waiting on async calls. */
#define G_LOG_DOMAIN "catalogusbeheer-cmd"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "swc-cmd.h"
#include "swc-credentials.h"
#include "swc-error.h"
#include "swc-paths.h"

/* The key file's group of the last login (the program's own word, kept for the files already
 * written). */
#define GROUP "connection" /* not a backend word */

SwcCmd *
swc_cmd_new (const char *name, const char *summary)
{
  SwcCmd *cmd = g_new0 (SwcCmd, 1);

  cmd->name = g_strdup (name);
  cmd->summary = g_strdup (summary);
  cmd->loop = g_main_loop_new (NULL, FALSE);
  return cmd;
}

void
swc_cmd_free (SwcCmd *cmd)
{
  g_free (cmd->name);
  g_free (cmd->summary);
  g_free (cmd->server);
  g_free (cmd->user);
  g_free (cmd->data_dir);
  g_clear_object (&cmd->client);
  g_clear_object (&cmd->store);
  g_clear_pointer (&cmd->schemas, swc_schema_set_free);
  g_clear_object (&cmd->result);
  g_main_loop_unref (cmd->loop);
  g_free (cmd);
}

/* Parses the common options and the command's own; returns -1 to go on, else the exit code. */
int
swc_cmd_parse (SwcCmd *cmd, int *argc, char ***argv, const GOptionEntry *extra,
               const char *parameter_string)
{
  const GOptionEntry common[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &cmd->server, N_("Address of the catalogue server"),
      N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &cmd->user, N_("User name on the server"), N_("NAME") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &cmd->data_dir,
      N_("Folder for the local store and the change queue"), N_("DIR") },
    { NULL }
  };
  g_autofree char *title =
      g_strdup_printf ("%s %s", cmd->name, parameter_string ? parameter_string : "");
  g_autoptr(GOptionContext) ctx = g_option_context_new (title);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (ctx, cmd->summary);
  g_option_context_add_main_entries (ctx, common, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (ctx, extra, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return SWC_EXIT_USAGE;
    }
  return -1;
}

static char *
connection_file (SwcCmd *cmd)
{
  return g_build_filename (cmd->data_dir, "connection.ini", NULL);
}

/* Server and user: the options, else what the last login saved. */
gboolean
swc_cmd_resolve (SwcCmd *cmd, GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  char *dir = swc_paths_data_dir (cmd->data_dir);

  g_free (cmd->data_dir);
  cmd->data_dir = dir;
  path = connection_file (cmd);
  if ((cmd->server == NULL || cmd->user == NULL) &&
      g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    {
      if (cmd->server == NULL)
        cmd->server = g_key_file_get_string (kf, GROUP, "server", NULL);
      if (cmd->user == NULL)
        cmd->user = g_key_file_get_string (kf, GROUP, "user", NULL);
    }
  if (cmd->server == NULL || cmd->user == NULL)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_FAILED,
                   _("No server or user known: give --server and --user, or log in first"));
      return FALSE;
    }
  return TRUE;
}

/* The last login's server and user, for the next command (0600, like every file the program
 * writes). */
void
swc_cmd_save_connection (SwcCmd *cmd)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = connection_file (cmd);
  g_autofree char *text = NULL;
  gsize length = 0;

  g_mkdir_with_parents (cmd->data_dir, 0700);
  g_key_file_set_string (kf, GROUP, "server", cmd->server);
  g_key_file_set_string (kf, GROUP, "user", cmd->user);
  text = g_key_file_to_data (kf, &length, NULL);
  g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

/* The one line a damaged store gets: what is wrong, that the queue is kept, and what to do. */
static void
set_damaged_error (SwcCmd *cmd, const char *reason, GError **error)
{
  g_autofree char *path = swc_paths_store_file (cmd->data_dir, cmd->server, cmd->user);
  gint kept = swc_store_count_kept_changes (path);
  g_autofree char *queued = NULL;

  if (kept >= 0)
    queued = g_strdup_printf (ngettext ("Your %d queued change is kept",
                                        "Your %d queued changes are kept", kept),
                              kept);
  else
    queued = g_strdup (_("Your queued changes are kept as far as they can be read"));

  g_set_error (
      error, SWC_ERROR, SWC_ERROR_STORE_DAMAGED,
      _("The local copy of the catalogue is damaged (%s). %s; run “catalogusbeheer-cmd repair” to"
         " fetch "
         "the catalogue again."),
      reason, queued);
}

/* The local store, created when missing (login and sync). */
gboolean
swc_cmd_create_store (SwcCmd *cmd, GError **error)
{
  g_autofree char *path = swc_paths_store_file (cmd->data_dir, cmd->server, cmd->user);
  g_autoptr(GError) local = NULL;

  cmd->store = swc_store_open (path, &local);
  if (cmd->store != NULL)
    return TRUE;
  if (g_error_matches (local, SWC_ERROR, SWC_ERROR_STORE_DAMAGED))
    set_damaged_error (cmd, local->message, error);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* After a command's reads: FALSE (and the damaged message) when one of them met a damaged file. */
gboolean
swc_cmd_check_store (SwcCmd *cmd, GError **error)
{
  g_autofree char *reason = cmd->store ? swc_store_dup_damage (cmd->store) : NULL;

  if (reason == NULL)
    return TRUE;
  set_damaged_error (cmd, reason, error);
  return FALSE;
}

/* The local store as it is: a command that only reads (or changes the queue) never creates one. */
gboolean
swc_cmd_open_store (SwcCmd *cmd, GError **error)
{
  g_autofree char *path = swc_paths_store_file (cmd->data_dir, cmd->server, cmd->user);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (
          error, SWC_ERROR, SWC_ERROR_STORE,
          _("There is no local copy of %s for %s yet: run “catalogusbeheer-cmd sync” first"),
          cmd->server, cmd->user);
      return FALSE;
    }
  /* the commands that read check the whole file first: a damaged part never reads as "nothing" */
  if (!swc_cmd_create_store (cmd, error))
    return FALSE;
  swc_store_check (cmd->store);
  return swc_cmd_check_store (cmd, error);
}

/* A client for the server; with need_password, the password must be known (SWC_PASSWORD or
 * keyring). */
gboolean
swc_cmd_connect (SwcCmd *cmd, gboolean need_password, GError **error)
{
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *password = swc_credentials_lookup (cmd->server, cmd->user, &keyring_error);

  if (password == NULL && need_password)
    {
      if (keyring_error != NULL)
        g_propagate_error (error, g_steal_pointer (&keyring_error));
      else
        g_set_error (error, SWC_ERROR, SWC_ERROR_UNAUTHORIZED,
                     _("Not logged in: run “catalogusbeheer-cmd login” or set SWC_PASSWORD"));
      return FALSE;
    }
  cmd->client = swc_client_new (cmd->server, cmd->user, password);
  if (cmd->schemas != NULL)
    swc_client_set_schemas (cmd->client, cmd->schemas);
  if (cmd->store != NULL)
    {
      /* where the catalogue app answered at the last sync (the backend's own merge and moderation)
       */
      g_autofree char *app = swc_store_get_meta (cmd->store, "app_path");
      if (app != NULL && *app != '\0')
        swc_client_set_app_path (cmd->client, app);
    }
  return TRUE;
}

void
swc_cmd_wait_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcCmd *cmd = data;

  g_set_object (&cmd->result, result);
  g_main_loop_quit (cmd->loop);
}

GAsyncResult *
swc_cmd_wait (SwcCmd *cmd)
{
  g_clear_object (&cmd->result);
  g_main_loop_run (cmd->loop);
  return cmd->result;
}

int
swc_cmd_fail (GError *error)
{
  fprintf (stderr, "catalogusbeheer-cmd: %s\n", error ? error->message : _("failed"));
  return SWC_EXIT_FAILURE;
}

/* The schemas of the store's copy; when they cannot be read, a damaged file says so. */
gboolean
swc_cmd_load_schemas (SwcCmd *cmd, GError **error)
{
  g_autoptr(GError) local = NULL;

  cmd->schemas = swc_store_load_schemas (cmd->store, &local);
  if (cmd->schemas != NULL && cmd->client != NULL)
    swc_client_set_schemas (cmd->client, cmd->schemas);
  if (cmd->schemas != NULL)
    return TRUE;
  swc_store_check (cmd->store);
  if (swc_cmd_check_store (cmd, error))
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}
