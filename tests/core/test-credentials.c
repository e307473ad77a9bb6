/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The app password in the keyring as the Flatpak sandbox has it: no org.freedesktop.secrets name to
 * talk to (the manifest opens no D-Bus hole), libsecret's file backend, the one its Secret portal
 * backend writes through. The password goes in and comes back, sync and async, the file is the
 * user's alone (0600) and does not hold it readable; clearing removes it. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "swc-credentials.h"
#include "swc-error.h"

#define SERVER "https://softwarecatalogus.example.nl"
#define PASSWORD "app-wachtwoord-Ab12-Cd34-Ef56"

static char *keyring_path;

static void
stored_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GError *error = NULL;

  g_assert_true (swc_credentials_store_finish (result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (data);
}

static void
looked_up_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GError *error = NULL;
  g_autofree char *password = swc_credentials_lookup_finish (result, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, PASSWORD);
  g_main_loop_quit (data);
}

static void
test_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL, *contents = NULL;
  gsize length = 0;
  GStatBuf st;

  g_assert_null (swc_credentials_lookup (SERVER, "beheerder", &error));
  g_assert_no_error (error);
  g_assert_true (swc_credentials_store (SERVER, "beheerder", PASSWORD, &error));
  g_assert_no_error (error);
  password = swc_credentials_lookup (SERVER, "beheerder", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, PASSWORD);
  /* another user on the same server has none */
  g_assert_null (swc_credentials_lookup (SERVER, "iemand-anders", &error));
  g_assert_no_error (error);
  /* the keyring file: the user's alone, the password not in it as text */
  g_assert_cmpint (g_stat (keyring_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (keyring_path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, PASSWORD));
  /* logged out: gone */
  g_assert_true (swc_credentials_clear (SERVER, "beheerder", &error));
  g_assert_no_error (error);
  g_assert_null (swc_credentials_lookup (SERVER, "beheerder", &error));
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  swc_credentials_store_async (SERVER, "beheerder", PASSWORD, NULL, stored_cb, loop);
  g_main_loop_run (loop);
  swc_credentials_lookup_async (SERVER, "beheerder", NULL, looked_up_cb, loop);
  g_main_loop_run (loop);
  g_assert_true (swc_credentials_clear (SERVER, "beheerder", NULL));
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-credentials-XXXXXX", NULL);
  int rc;

  /* as in the sandbox: no session bus with a secrets service, libsecret's file backend */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  keyring_path = g_build_filename (dir, "keyring", NULL);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring_path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "the portal's key", TRUE);
  g_unsetenv ("SWC_PASSWORD");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/credentials/without-secrets-service/sync", test_sync);
  g_test_add_func ("/credentials/without-secrets-service/async", test_async);
  rc = g_test_run ();
  g_unlink (keyring_path);
  g_rmdir (dir);
  g_free (keyring_path);
  return rc;
}
