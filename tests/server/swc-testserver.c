/* SPDX-License-Identifier: GPL-3.0-or-later */
/* swc-testserver: the local catalogue server for tests, benchmarks, demos and training. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-dialect.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdio.h>

static const char description[] =
    "Serves the catalogue's backend API (Nextcloud + OpenRegister + OpenCatalogi + softwarecatalog"
    " app)\n"
    "on 127.0.0.1. Prints its base URL on the first line of stdout once it accepts requests.\n\n"
    "Accounts (user / password):\n"
    "  admin / admin          Nextcloud admin, group functioneel-beheerder\n"
    "  gebruik / gebruik      gebruik-beheerder\n"
    "  aanbod / aanbod        aanbod-beheerder\n"
    "  bezoeker / bezoeker    no role\n"
    "  every contact person   username = e-mail address, password welkom123\n"
    "Faults (--faults): latency=MS, error-rate=P, reset-rate=P, malformed-rate=P, stall-rate=P (P"
    " in 0..1), malformed-first=N,\n"
    "  mutate=KIND (no-paging, negative-pages, huge-pages, wrong-types, duplicate-keys,"
    " empty-body, truncate, html),\n"
    "  mutate-rate=P (default 1), mutate-path=TEXT (only paths containing TEXT)\n"
    "  maintainer / maintainer  (--dialect 2026 only) group maintainer, for the organisation"
    " members endpoints\n\n"
    "Dialects (--dialect): 2025 serves the register voorzieningen with Dutch schemas, fields and"
    " values and the\n"
    "  softwarecatalog app; 2026 serves the same dataset translated to stackiq 2.4.4's words"
    " (register stackiq,\n"
    "  English slugs, fields and values) and the stackiq app (merge, moderation, intake,"
    " members).\n"
    "Environment: SWC_TESTSERVER_DIALECT=2025|2026 is the default of --dialect;\n"
    "  SWC_TESTSERVER_SC_APP=stackiq serves the 2025 app under its 2026 name.";

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (((Srv *) data)->loop);
  return G_SOURCE_CONTINUE;
}

/* The dialect a store was seeded in (stores made before dialects existed are 2025). */
static int
store_dialect (Srv *srv)
{
  sqlite3_stmt *s = srv_prepare (srv, "SELECT value FROM meta WHERE key = 'dialect'");
  int dialect = 2025;

  if (sqlite3_step (s) == SQLITE_ROW)
    dialect = sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  return dialect;
}

/* Seeds in 2025 words; in 2026 each object is translated by the word table as it is stored. */
static gboolean
open_store (Srv *srv, const char *db_path, const char *dataset, int scale, GError **error)
{
  gboolean created = FALSE;
  gint64 t0 = g_get_monotonic_time ();

  if (!srv_store_open (srv, db_path, &created, error))
    return FALSE;
  if (!created && store_dialect (srv) != srv->dialect)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s was seeded in dialect %d, not %d", db_path, store_dialect (srv),
                   srv->dialect);
      return FALSE;
    }
  if (!created)
    return srv_store_index (srv);
  if (!srv_seed (srv, dataset, scale, error))
    return FALSE;
  srv_dialect_seed_done (srv);
  if (!srv_store_index (srv))
    return FALSE;
  g_printerr ("swc-testserver: seeded dataset '%s' (scale %d, dialect %d) in %.1f s\n", dataset,
              scale, srv->dialect, (g_get_monotonic_time () - t0) / 1e6);
  return TRUE;
}

static gboolean
start_listening (Srv *srv, int port, GError **error)
{
  GSList *uris;
  GUri *uri;

  srv->server = soup_server_new ("server-header", "nginx", NULL);
  soup_server_add_handler (srv->server, NULL, srv_handle_request, srv, NULL);
  srv_conns_watch (srv);
  if (!soup_server_listen_local (srv->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  uris = soup_server_get_uris (srv->server);
  uri = uris->data;
  srv->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

/* What main made, on the way out (a refused start too: the sanitizer build checks every exit). */
static void
srv_clear (Srv *srv)
{
  g_clear_pointer (&srv->registers, g_ptr_array_unref);
  g_clear_pointer (&srv->schemas, g_ptr_array_unref);
  g_clear_pointer (&srv->loop, g_main_loop_unref);
  g_clear_pointer (&srv->rand, g_rand_free);
  g_clear_pointer (&srv->live_counts, g_hash_table_unref);
  g_clear_pointer (&srv->page_cursors, g_hash_table_unref);
  g_clear_pointer (&srv->base_url, g_free);
  g_clear_pointer (&srv->faults.mutate, g_free);
  g_clear_pointer (&srv->faults.mutate_path, g_free);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- local catalogue server");
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL, *dataset = NULL, *faults = NULL, *tmpdir = NULL, *db_path = NULL;
  g_autofree char *dialect_text = NULL;
  int port = 0, scale = 1, dialect = 2025;
  Srv srv = { 0 };
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port to listen on (0: any free port)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      "SQLite file (created and seeded if missing; default: temporary)", "PATH" },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "empty, demo or national (default: demo)",
      "NAME" },
    { "scale", 0, 0, G_OPTION_ARG_INT, &scale, "Multiply the national counts", "N" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults, "Inject faults (see below)", "SPEC" },
    { "dialect", 0, 0, G_OPTION_ARG_STRING, &dialect_text,
      "2025 (voorzieningen, Dutch words) or 2026 (stackiq, English words); default:"
      " $SWC_TESTSERVER_DIALECT or 2025",
      "YEAR" },
    { NULL }
  };

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, description);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) ||
      !srv_faults_parse (&srv.faults, faults, &error) ||
      !srv_dialect_parse (dialect_text ? dialect_text : g_getenv ("SWC_TESTSERVER_DIALECT"),
                          &dialect, &error))
    {
      g_printerr ("swc-testserver: %s\n", error->message);
      return 2;
    }
  srv.dialect = dialect;
  srv.rand = g_rand_new_with_seed (20261129);
  srv.live_counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  srv.page_cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (db == NULL)
    {
      tmpdir = g_dir_make_tmp ("swc-testserver-XXXXXX", NULL);
      db_path = g_build_filename (tmpdir, "catalogue.db", NULL);
    }
  if (!srv_schemas_load (&srv, &error) ||
      !open_store (&srv, db ? db : db_path, dataset ? dataset : "demo", scale, &error))
    {
      g_printerr ("swc-testserver: %s\n", error->message);
      srv_store_close (&srv);
      srv_clear (&srv);
      return 1;
    }
  g_rand_set_seed (srv.rand,
                   (guint32) g_get_real_time ()); /* ids made while serving differ per run */
  if (!start_listening (&srv, port, &error))
    {
      g_printerr ("swc-testserver: cannot listen: %s\n", error->message);
      return 1;
    }
  srv.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, &srv);
  g_unix_signal_add (SIGTERM, quit_cb, &srv);
  printf ("%s\n", srv.base_url);
  fflush (stdout);
  g_main_loop_run (srv.loop);
  soup_server_disconnect (srv.server);
  g_object_unref (srv.server);
  srv_conns_free ();
  srv_store_close (&srv);
  if (tmpdir != NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL),
                      *shm = g_strconcat (db_path, "-shm", NULL);
      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (tmpdir);
    }
  srv_clear (&srv);
  return 0;
}
