/* SPDX-License-Identifier: GPL-3.0-or-later */
/* App passwords live only in the keyring (libsecret; in Flatpak through the Secret portal), or come from
 * SWC_PASSWORD for scripts and tests. They are never written to files or logs. */
#define G_LOG_DOMAIN "swc-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "swc-credentials.h"
#include "swc-error.h"

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "nl.vng.Catalogusbeheer.AppPassword", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static GError *
keyring_error (GError *error)
{
  GError *mapped = g_error_new (SWC_ERROR, SWC_ERROR_NO_KEYRING,
                                _("No keyring is available (%s); the password can be kept for this session only"),
                                error ? error->message : "?");
  g_clear_error (&error);
  return mapped;
}

/* The password for server and user: SWC_PASSWORD when set, else the keyring's; NULL when there is none. */
char *
swc_credentials_lookup (const char *server, const char *user, GError **error)
{
  const char *env = g_getenv ("SWC_PASSWORD");
  GError *local = NULL;
  char *password;

  if (env != NULL && *env)
    return g_strdup (env);
  password = secret_password_lookup_sync (password_schema (), NULL, &local, "server", server, "user", user, NULL);
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

  if (!secret_password_store_sync (password_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL, &local,
                                   "server", server, "user", user, NULL))
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

  secret_password_clear_sync (password_schema (), NULL, &local, "server", server, "user", user, NULL);
  if (local != NULL)
    {
      g_propagate_error (error, keyring_error (local));
      return FALSE;
    }
  return TRUE;
}
