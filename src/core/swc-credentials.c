/* SPDX-License-Identifier: GPL-3.0-or-later */
/* App passwords live only in the keyring (libsecret; in Flatpak through the Secret portal), or come
 * from SWC_PASSWORD for scripts and tests. They are never written to files or logs. */
#define G_LOG_DOMAIN "swc-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "swc-credentials.h"
#include "swc-error.h"

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = { "nl.vng.Catalogusbeheer.AppPassword",
                                       SECRET_SCHEMA_NONE,
                                       {
                                           { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                           { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                           { NULL, 0 },
                                       } };
  return &schema;
}

static GError *
keyring_error (GError *error)
{
  GError *mapped = g_error_new (
      SWC_ERROR, SWC_ERROR_NO_KEYRING,
      _("No keyring is available (%s); the password can be kept for this session only"),
      error ? error->message : "?");
  g_clear_error (&error);
  return mapped;
}

/* The password for server and user: SWC_PASSWORD when set, else the keyring's; NULL when there is
 * none. */
char *
swc_credentials_lookup (const char *server, const char *user, GError **error)
{
  const char *env = g_getenv ("SWC_PASSWORD");
  GError *local = NULL;
  char *password;

  if (env != NULL && *env)
    return g_strdup (env);
  password = secret_password_lookup_sync (password_schema (), NULL, &local, "server", server,
                                          "user", user, NULL);
  if (local != NULL)
    {
      g_propagate_error (error, keyring_error (local));
      return NULL;
    }
  if (password == NULL)
    return NULL;
  {
    char *copy = g_strdup (password);
    secret_password_free (password);
    return copy;
  }
}

gboolean
swc_credentials_store (const char *server, const char *user, const char *password, GError **error)
{
  g_autofree char *label = g_strdup_printf (_("Catalogusbeheer: %s at %s"), user, server);
  GError *local = NULL;

  if (!secret_password_store_sync (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                   NULL, &local, "server", server, "user", user, NULL))
    {
      g_propagate_error (error, keyring_error (local));
      return FALSE;
    }
  return TRUE;
}

gboolean
swc_credentials_clear (const char *server, const char *user, GError **error)
{
  GError *local = NULL;

  secret_password_clear_sync (password_schema (), NULL, &local, "server", server, "user", user,
                              NULL);
  if (local != NULL)
    {
      g_propagate_error (error, keyring_error (local));
      return FALSE;
    }
  return TRUE;
}

/* ---- async, for the app: the main loop never waits on the keyring ---- */

static void
looked_up_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    {
      g_task_return_pointer (task, g_strdup (password), g_free);
      secret_password_free (password);
    }
}

void
swc_credentials_lookup_async (const char *server, const char *user, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  const char *env = g_getenv ("SWC_PASSWORD");

  if (env != NULL && *env)
    {
      g_task_return_pointer (task, g_strdup (env), g_free);
      g_object_unref (task);
      return;
    }
  secret_password_lookup (password_schema (), cancellable, looked_up_cb, task, "server", server,
                          "user", user, NULL);
}

char *
swc_credentials_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
stored_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
swc_credentials_store_async (const char *server, const char *user, const char *password,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf (_("Catalogusbeheer: %s at %s"), user, server);

  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, stored_cb, task, "server", server, "user", user, NULL);
}

gboolean
swc_credentials_store_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
