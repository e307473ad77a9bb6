/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the local store and the change queue live: one database per server and user under the XDG data
 * directory (never a cache directory: the queue must survive), or under --data-dir. */
#define G_LOG_DOMAIN "swc-paths"

#include "config.h"

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
