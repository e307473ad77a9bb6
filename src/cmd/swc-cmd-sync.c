/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync, status and search. */
#define G_LOG_DOMAIN "catalogusbeheer-cmd"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "swc-catalogue.h"
#include "swc-cmd.h"
#include "swc-error.h"
#include "swc-paths.h"
#include "swc-sync.h"

typedef struct
{
  gint64 last_report;
} Progress;

static void
progress_cb (SwcSync *sync, const char *schema, gint64 done, gint64 total, gpointer data)
{
  Progress *p = data;
  gint64 now = g_get_monotonic_time ();

  if (now - p->last_report < G_USEC_PER_SEC / 2 && done < total)
    return;
  p->last_report = now;
  fprintf (stderr, _("sync: %s %lld/%lld\n"), schema, (long long) done, (long long) total);
}

/* Online: reads the server's schemas and keeps a copy in the store, which is created only once the
 * server has answered as a catalogue (a refused sync leaves no store behind). */
static gboolean
refresh_schemas (SwcCmd *cmd, gboolean *full, GError **error)
{
  g_autoptr(SwcCapabilities) caps = NULL;

  swc_client_detect_async (cmd->client, NULL, swc_cmd_wait_cb, cmd);
  caps = swc_client_detect_finish (cmd->client, swc_cmd_wait (cmd), error);
  if (caps == NULL || !swc_cmd_create_store (cmd, error))
    return FALSE;
  swc_store_save_schemas (cmd->store, caps->registers_json, caps->schemas_json);
  swc_store_set_meta (cmd->store, "app_path", caps->app_path ? caps->app_path : "");
  swc_store_set_meta (cmd->store, "user", swc_client_get_user (cmd->client));
  cmd->schemas = g_steal_pointer (&caps->schemas);
  if (swc_store_note_dialect (cmd->store, cmd->schemas->dialect))
    {
      /* TRANSLATORS: the backend changed from one version of the catalogue's vocabulary to another
       */
      fprintf (stderr,
               _("sync: the server now uses the %s vocabulary; reading everything again\n"),
               swc_dialect_name (cmd->schemas->dialect));
      *full = TRUE;
    }
  return TRUE;
}

int
swc_cmd_sync (SwcCmd *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcSync) sync = NULL;
  gboolean full = FALSE;
  const GOptionEntry extra[] = { { "full", 0, 0, G_OPTION_ARG_NONE, &full,
                                   N_("Fetch everything again instead of only what changed"),
                                   NULL },
                                 { NULL } };
  int rc = swc_cmd_parse (cmd, &argc, &argv, extra, NULL);
  Progress progress = { 0 };
  SwcSyncStats stats = { 0 };

  if (rc >= 0)
    return rc;
  if (!swc_cmd_resolve (cmd, &error) || !swc_cmd_connect (cmd, TRUE, &error) ||
      !refresh_schemas (cmd, &full, &error) || !swc_cmd_send_queue (cmd, &error))
    return swc_cmd_fail (error);
  sync = swc_sync_new (cmd->client, cmd->store, cmd->schemas);
  g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), &progress);
  swc_sync_run_async (sync, full, NULL, swc_cmd_wait_cb, cmd);
  if (!swc_sync_run_finish (sync, swc_cmd_wait (cmd), &stats, &error))
    {
      g_autoptr(GError) damage = NULL;

      return swc_cmd_fail (swc_cmd_check_store (cmd, &damage) ? error : damage);
    }
  /* the last line is read by scripts: it stays in English */
  printf ("synced %lld objects (%lld added, %lld updated, %lld deleted) in %.1f s\n",
          (long long) stats.objects, (long long) stats.added, (long long) stats.updated,
          (long long) stats.deleted, stats.seconds);
  return SWC_EXIT_OK;
}

static void
print_counts (SwcCmd *cmd, GString *out)
{
  g_autoptr(GPtrArray) counts = swc_catalogue_counts (cmd->store);

  for (guint i = 0; i < counts->len; i++)
    {
      SwcKindCount *c = g_ptr_array_index (counts, i);
      g_string_append_printf (out, "%-16s %" G_GINT64_FORMAT "\n", c->schema, c->count);
    }
  g_string_append_printf (out, "%-16s %" G_GINT64_FORMAT "\n", _("total"),
                          swc_catalogue_count (cmd->store, SWC_KIND_OTHER));
}

int
swc_cmd_status (SwcCmd *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) counts = g_string_new (NULL);
  int rc = swc_cmd_parse (cmd, &argc, &argv, NULL, NULL);

  if (rc >= 0)
    return rc;
  if (!swc_cmd_resolve (cmd, &error) || !swc_cmd_open_store (cmd, &error))
    return swc_cmd_fail (error);
  /* counted first: a damaged file never shows as an empty store */
  print_counts (cmd, counts);
  if (!swc_cmd_check_store (cmd, &error))
    return swc_cmd_fail (error);
  printf (_("server: %s (user %s)\n"), cmd->server, cmd->user);
  printf (_("store: %s\n"), swc_store_get_path (cmd->store));
  printf ("%s", counts->str);
  swc_cmd_print_queue_summary (cmd);

  return SWC_EXIT_OK;
}

/* repair: a damaged store rebuilt beside the old one, every readable queued change kept; the next
 * sync fetches the catalogue again. */
int
swc_cmd_repair (SwcCmd *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *report = NULL;
  int rc = swc_cmd_parse (cmd, &argc, &argv, NULL, NULL);

  if (rc >= 0)
    return rc;
  if (!swc_cmd_resolve (cmd, &error))
    return swc_cmd_fail (error);
  path = swc_paths_store_file (cmd->data_dir, cmd->server, cmd->user);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, SWC_ERROR, SWC_ERROR_STORE,
                   _("There is no local copy of %s for %s yet: run “catalogusbeheer-cmd sync” "
                      "first"),
                   cmd->server, cmd->user);
      return swc_cmd_fail (error);
    }
  if (!swc_store_rebuild (path, &report, &error))
    return swc_cmd_fail (error);
  fprintf (stderr, "%s", report);
  printf (_("The local store was rebuilt; the damaged file is kept as %s.damaged. Run "
             "“catalogusbeheer-cmd sync” to fetch the catalogue again.\n"),
          path);
  return SWC_EXIT_OK;
}

int
swc_cmd_search (SwcCmd *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *query = NULL;
  int limit = 50;
  const GOptionEntry extra[] = { { "limit", 0, 0, G_OPTION_ARG_INT, &limit,
                                   N_("Show at most this many matches"), N_("N") },
                                 { NULL } };
  int rc = swc_cmd_parse (cmd, &argc, &argv, extra, "QUERY…");

  if (rc >= 0)
    return rc;
  if (argc < 2)
    {
      fprintf (stderr, _("search needs a query\n"));
      return SWC_EXIT_USAGE;
    }
  query = g_strjoinv (" ", argv + 1);
  if (!swc_cmd_resolve (cmd, &error) || !swc_cmd_open_store (cmd, &error))
    return swc_cmd_fail (error);
  hits = swc_store_search (cmd->store, query, MAX (limit, 1), &error);
  if (!swc_cmd_check_store (cmd, &error))
    return swc_cmd_fail (error);
  for (guint i = 0; i < hits->len; i++)
    {
      SwcSearchHit *hit = g_ptr_array_index (hits, i);
      printf ("%s\t%s\t%s\n", hit->schema, hit->name ? hit->name : "", hit->uuid);
    }
  return SWC_EXIT_OK;
}
