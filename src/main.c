/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "swc-application.h"
#include "swc-paths.h"

int
main (int argc, char **argv)
{
  g_autoptr(SwcApplication) app = NULL;

  swc_paths_init_i18n ();
  app = swc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
