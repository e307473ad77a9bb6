/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "swc-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(SwcApplication) app = NULL;

  /* SWC_LOCALEDIR lets tests and uninstalled runs use freshly built translations */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SWC_LOCALEDIR") ? g_getenv ("SWC_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  app = swc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
