/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogusbeheer-cmd: the command-line companion for scripting: login, logout, sync, status,
 * search, merges, the change queue and the repair of a damaged store. Exit codes: 0 success, 1
 * failure (one line on stderr), 2 usage. */
#define G_LOG_DOMAIN "catalogusbeheer-cmd"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "swc-cmd.h"
#include "swc-paths.h"

static const struct
{
  const char *name;
  const char *summary;
  int (*run) (SwcCmd *cmd, int argc, char **argv);
} commands[] = {
  { "login", N_("Log in to the server (Nextcloud login in the browser, or SWC_PASSWORD)"),
    swc_cmd_login },
  { "logout", N_("Revoke the app password and forget it"), swc_cmd_logout },
  { "sync", N_("Synchronise the local store with the server"), swc_cmd_sync },
  { "status" /* not a backend word */,
    N_("Show the objects in the local store and the change queue"), swc_cmd_status },
  { "search", N_("Search the local store"), swc_cmd_search },
  { "merge", N_("Show what a merge would move (--dry-run)"), swc_cmd_merge },
  { "queue", N_("List, retry, discard or send queued changes"), swc_cmd_queue },
  { "repair", N_("Rebuild a damaged local store, keeping the queued changes"), swc_cmd_repair },
};

static void
usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: catalogusbeheer-cmd COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n",
           _("Run “catalogusbeheer-cmd COMMAND --help” for the options of a command."));
}

int
main (int argc, char **argv)
{
  g_autoptr(SwcCmd) cmd = NULL;
  const char *name = argc > 1 ? argv[1] : NULL;

  setlocale (LC_ALL, "");
  swc_paths_init_i18n ();
  if (name == NULL || g_str_equal (name, "--help") || g_str_equal (name, "-h"))
    {
      usage (name ? stdout : stderr);
      return name ? 0 : 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      {
        cmd = swc_cmd_new (commands[i].name, _(commands[i].summary));
        return commands[i].run (cmd, argc - 1, argv + 1);
      }
  fprintf (stderr, _("Unknown command “%s”.\n"), name);
  usage (stderr);
  return 2;
}
