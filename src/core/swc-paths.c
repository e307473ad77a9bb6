/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the local store and the change queue live: one database per server and user under the XDG
 * data directory (never a cache directory: the queue must survive), or under --data-dir. */
#define G_LOG_DOMAIN "swc-paths"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "swc-paths.h"

char *
swc_paths_data_dir (const char *override_dir)
{
  if (override_dir != NULL && *override_dir)
    return g_strdup (override_dir);
  return g_build_filename (g_get_user_data_dir (), "catalogusbeheer", NULL);
}

static void
append_safe (GString *out, const char *text)
{
  for (const char *p = text; *p; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '.' || *p == '-' ? *p : '_');
}

char *
swc_paths_store_file (const char *data_dir, const char *server, const char *user)
{
  g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GString) name = g_string_new (NULL);

  append_safe (name, uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : server);
  if (uri && g_uri_get_port (uri) > 0)
    g_string_append_printf (name, "_%d", g_uri_get_port (uri));
  g_string_append_c (name, '-');
  append_safe (name, user);
  g_string_append (name, ".db");
  return g_build_filename (data_dir, name->str, NULL);
}

/* Whether this program runs from the build tree it was built in (not installed): then its
 * translations and settings schema are the build tree's, the way `meson devenv` sets them up, so
 * that
 * `_build/src/catalogusbeheer` works as it is. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = g_canonicalize_filename (SWC_BUILD_ROOT, NULL);

  return exe != NULL && g_str_has_prefix (exe, root) && exe[strlen (root)] == '/';
}

/* The text domain, from SWC_LOCALEDIR when set (tests), the build tree when uninstalled, or the
 * install prefix; and the build tree's settings schema when uninstalled and none is given. Call
 * before anything translates or reads GSettings. */
void
swc_paths_init_i18n (void)
{
  const char *localedir = g_getenv ("SWC_LOCALEDIR");
  g_autofree char *build_po = NULL;

  if (running_uninstalled ())
    {
      build_po = g_build_filename (SWC_BUILD_ROOT, "po", NULL);
      if (localedir == NULL)
        localedir = build_po;
      if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
        {
          g_autofree char *schemas = g_build_filename (SWC_BUILD_ROOT, "data", NULL);
          g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
        }
    }
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
