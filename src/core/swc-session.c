/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session the app works in: opens the store of a server and user (instantly, from disk), reads
 * the server's schemas when online, sends the queue and then syncs; progress as properties to bind
 * to.
 *
 * Offline: a request that finds no server (refused, broken off, timed out) makes the session
 * offline at once. While offline it asks the server (one request, never retried) after 2 s, 4 s, …
 * at most 30 s; when it answers, the session is online again and sends what waits, then syncs.
 * Every send is preceded by the same question, so a change made while the server is away says
 * "offline" within seconds, not after the reads' retries. Only one sender at a time: a sync skips
 * the queue while a send is under way, and the other way round, so an entry is never in flight
 * twice. */
#define G_LOG_DOMAIN "swc-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-error.h"
#include "swc-paths.h"
#include "swc-session.h"
#include "swc-store-db.h"

struct _SwcSession
{
  GObject parent_instance;

  char *server;
  char *user;
  SwcClient *client;
  SwcStore *store;
  SwcSchemaSet *schemas; /* nullable until the schemas are known */
  GPtrArray *retired;    /* earlier schema sets: pages may still point into them */
  SwcQueue *queue;       /* nullable until the schemas are known */
  SwcSync *sync;
  gboolean syncing;
  double progress;
  char *last_sync;
  GHashTable *done; /* schema -> objects so far (gint64 in a pointer) */
  GHashTable *totals;
  guint send_id;
  gboolean sending;
  gboolean offline; /* the last request found no server */
  guint probe_id;
  guint probe_delay_ms;
  gboolean probing;
  GCancellable *cancellable; /* the session's own requests: the probe, the sends */
};

#define PROBE_FIRST_MS 2000
#define PROBE_MAX_MS 30000
#define PROBE_TIMEOUT_S 10

enum
{
  PROP_0,
  PROP_SYNCING,
  PROP_PROGRESS,
  PROP_LAST_SYNC,
  PROP_HAS_DATA,
  PROP_OFFLINE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SwcSession, swc_session, G_TYPE_OBJECT)

static void
swc_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcSession *self = SWC_SESSION (object);

  switch (prop_id)
    {
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_LAST_SYNC:
      g_value_set_string (value, self->last_sync);
      break;
    case PROP_HAS_DATA:
      g_value_set_boolean (value, swc_session_has_data (self));
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_session_dispose (GObject *object)
{
  SwcSession *self = SWC_SESSION (object);

  g_clear_handle_id (&self->send_id, g_source_remove);
  g_clear_handle_id (&self->probe_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->queue);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_pointer (&self->schemas, swc_schema_set_free);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  G_OBJECT_CLASS (swc_session_parent_class)->dispose (object);
}

static void
swc_session_finalize (GObject *object)
{
  SwcSession *self = SWC_SESSION (object);

  g_free (self->server);
  g_free (self->user);
  g_free (self->last_sync);
  g_hash_table_unref (self->done);
  g_hash_table_unref (self->totals);
  g_object_unref (self->cancellable);
  G_OBJECT_CLASS (swc_session_parent_class)->finalize (object);
}

enum
{
  QUEUE_CHANGED,
  BACKEND_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
swc_session_class_init (SwcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = swc_session_get_property;
  object_class->dispose = swc_session_dispose;
  object_class->finalize = swc_session_finalize;
  /* queue-changed (entry id): the queue's "changed", whichever queue the session has now */
  signals[QUEUE_CHANGED] =
      g_signal_new ("queue-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* backend-changed: the server now speaks another dialect (2025, 2026); the store is read again in
   * full */
  signals[BACKEND_CHANGED] = g_signal_new ("backend-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  properties[PROP_SYNCING] =
      g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROGRESS] =
      g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_SYNC] =
      g_param_spec_string ("last-sync", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_DATA] =
      g_param_spec_boolean ("has-data", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OFFLINE] =
      g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
swc_session_init (SwcSession *self)
{
  self->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_schema_set_free);
  self->cancellable = g_cancellable_new ();
}

static void progress_cb (SwcSync *sync, const char *schema, gint64 done, gint64 total,
                         gpointer data);
static void schedule_due (SwcSession *self);
static void set_offline (SwcSession *self, gboolean offline);
static gboolean is_unreachable (const GError *error);

static void
queue_changed_cb (SwcQueue *queue, gint64 id, gpointer data)
{
  g_signal_emit (data, signals[QUEUE_CHANGED], 0, id);
}

static void
take_schemas (SwcSession *self, SwcSchemaSet *schemas)
{
  g_clear_object (&self->sync);
  g_clear_object (&self->queue);
  if (self->schemas != NULL)
    g_ptr_array_add (self->retired, g_steal_pointer (&self->schemas));
  self->schemas = schemas;
  swc_client_set_schemas (self->client, schemas);
  self->queue = swc_queue_new (self->store, schemas);
  swc_queue_set_client (self->queue, self->client);
  g_signal_connect_object (self->queue, "changed", G_CALLBACK (queue_changed_cb), self, 0);
  self->sync = swc_sync_new (self->client, self->store, schemas);
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (progress_cb), self, 0);
}

/* Opens the local store at once; the schemas come from its copy when there is one. */
SwcSession *
swc_session_open (const char *server, const char *user, const char *password, const char *data_dir,
                  GError **error)
{
  g_autoptr(SwcSession) self = g_object_new (SWC_TYPE_SESSION, NULL);
  g_autofree char *dir = swc_paths_data_dir (data_dir);
  g_autofree char *path = swc_paths_store_file (dir, server, user);
  SwcSchemaSet *cached;

  self->server = g_strdup (server);
  self->user = g_strdup (user);
  self->store = swc_store_open (path, error);
  if (self->store == NULL)
    return NULL;
  self->client = swc_client_new (server, user, password);
  self->last_sync = swc_store_get_meta (self->store, "last_sync");
  if ((cached = swc_store_load_schemas (self->store, NULL)) != NULL)
    take_schemas (self, cached);
  /* the whole file, in the background: damage found marks the store (its "damaged" signal) */
  swc_store_check_async (self->store, self->cancellable, NULL, NULL);
  return g_steal_pointer (&self);
}

const char *
swc_session_get_server (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), NULL);

  return self->server;
}

const char *
swc_session_get_user (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), NULL);

  return self->user;
}

SwcStore *
swc_session_get_store (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), NULL);

  return self->store;
}

/* Where the softwarecatalog app answers ("softwarecatalog", "stackiq"), or NULL when the server
 * lacks it. */
char *
swc_session_dup_app_path (SwcSession *self)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (SWC_IS_SESSION (self), NULL);

  path = swc_store_get_meta (self->store, "app_path");
  return path && *path ? g_steal_pointer (&path) : NULL;
}

SwcClient *
swc_session_get_client (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), NULL);

  return self->client;
}

SwcQueue *
swc_session_get_queue (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), NULL);

  return self->queue;
}

SwcSchemaSet *
swc_session_get_schemas (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), NULL);

  return self->schemas;
}

gboolean
swc_session_has_data (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), FALSE);

  return self->schemas != NULL && !swc_store_is_empty (swc_store_get_db (self->store));
}

gboolean
swc_session_get_syncing (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), FALSE);

  return self->syncing;
}

double
swc_session_get_progress (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), 0);

  return self->progress;
}

const char *
swc_session_get_last_sync (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), NULL);

  return self->last_sync;
}

/* TRUE from a request that found no server until the server answers again. */
gboolean
swc_session_get_offline (SwcSession *self)
{
  g_return_val_if_fail (SWC_IS_SESSION (self), FALSE);

  return self->offline;
}

static void
set_syncing (SwcSession *self, gboolean syncing)
{
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
progress_cb (SwcSync *sync, const char *schema, gint64 done, gint64 total, gpointer data)
{
  SwcSession *self = data;
  GHashTableIter iter;
  gpointer key, value;
  gint64 all_done = 0, all_total = 0;

  g_hash_table_insert (self->done, g_strdup (schema), GSIZE_TO_POINTER ((gsize) done));
  g_hash_table_insert (self->totals, g_strdup (schema), GSIZE_TO_POINTER ((gsize) MAX (total, 0)));
  g_hash_table_iter_init (&iter, self->totals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      all_total += GPOINTER_TO_SIZE (value);
      all_done += GPOINTER_TO_SIZE (g_hash_table_lookup (self->done, key));
    }
  self->progress = all_total ? (double) all_done / all_total : 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/* A sync that ended early: offline when it found no server; a refused change waits out its backoff.
 */
static void
sync_failed (SwcSession *self, GTask *task, GError *error)
{
  set_syncing (self, FALSE);
  if (is_unreachable (error))
    set_offline (self, TRUE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    schedule_due (self);
  g_task_return_error (task, error);
}

static void
synced_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  SwcSession *self = g_task_get_source_object (task);
  SwcSyncStats *stats = g_new0 (SwcSyncStats, 1);
  g_autoptr(GError) error = NULL;

  set_syncing (self, FALSE);
  if (!swc_sync_run_finish (SWC_SYNC (source), result, stats, &error))
    {
      g_free (stats);
      sync_failed (self, task, g_steal_pointer (&error));
      return;
    }
  set_offline (self, FALSE);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_free (self->last_sync);
    self->last_sync = g_date_time_format_iso8601 (now);
    swc_store_set_meta (self->store, "last_sync", self->last_sync);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_DATA]);
  schedule_due (self);
  g_task_return_pointer (task, stats, g_free);
}

static void
queue_sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  SwcSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!swc_queue_send_finish (SWC_QUEUE (source), result, NULL, &error))
    {
      sync_failed (self, task, g_steal_pointer (&error));
      return;
    }
  g_hash_table_remove_all (self->done);
  g_hash_table_remove_all (self->totals);
  swc_sync_run_async (self->sync, GPOINTER_TO_INT (g_task_get_task_data (task)),
                      g_task_get_cancellable (task), synced_cb, g_object_ref (task));
}

static void
detected_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  SwcSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcCapabilities) caps = swc_client_detect_finish (SWC_CLIENT (source), result, &error);

  if (caps == NULL)
    {
      sync_failed (self, task, g_steal_pointer (&error));
      return;
    }
  swc_store_set_meta (self->store, "app_path", caps->app_path ? caps->app_path : "");
  swc_store_set_meta (self->store, "user", swc_client_get_user (SWC_CLIENT (source)));
  /* the same schemas as before (nearly always): keep the set, the queue and the sync that use it */
  if (self->schemas == NULL ||
      !swc_store_schemas_unchanged (self->store, caps->registers_json, caps->schemas_json))
    {
      swc_store_save_schemas (self->store, caps->registers_json, caps->schemas_json);
      take_schemas (self, g_steal_pointer (&caps->schemas));
    }
  /* a backend that changed its words since the last sync: every object is read again (the queue
   * keeps the store's words and is sent in the new ones) */
  if (swc_store_note_dialect (self->store, self->schemas->dialect))
    {
      g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
      g_signal_emit (self, signals[BACKEND_CHANGED], 0);
    }
  swc_queue_retry_now (self->queue);
  if (self->sending)
    {
      /* a send is under way: it sends what waits; two senders would put one entry in flight twice
       */
      swc_sync_run_async (self->sync, GPOINTER_TO_INT (g_task_get_task_data (task)),
                          g_task_get_cancellable (task), synced_cb, g_object_ref (task));
      return;
    }
  swc_queue_send_async (self->queue, g_task_get_cancellable (task), queue_sent_cb,
                        g_object_ref (task));
}

/* ---- is the server there ---- */

static gboolean
is_unreachable (const GError *error)
{
  return g_error_matches (error, SWC_ERROR, SWC_ERROR_OFFLINE) ||
         g_error_matches (error, SWC_ERROR, SWC_ERROR_NETWORK) ||
         g_error_matches (error, SWC_ERROR, SWC_ERROR_TIMEOUT);
}

/* One request, never retried, that any Nextcloud answers without a login. */
static void
probe_async (SwcSession *self, GAsyncReadyCallback callback, gpointer user_data)
{
  swc_client_send_async (self->client, "HEAD", "/status.php", NULL, PROBE_TIMEOUT_S,
                         self->cancellable, callback, user_data);
}

/* FALSE (and why) only when no server answered; any answer, even an error page, means it is there.
 * Cancelled when the session went away: the probe holds no reference, so the caller must not touch
 * it. */
static gboolean
probe_finish (GObject *client, GAsyncResult *result, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) body = swc_client_send_finish (SWC_CLIENT (client), result, &local);

  if (body == NULL &&
      (is_unreachable (local) || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static void resume (SwcSession *self);

static void
probed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcSession *self = data;
  g_autoptr(GError) error = NULL;

  if (!probe_finish (source, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the session is gone */
  self->probing = FALSE;
  if (error != NULL)
    {
      set_offline (self, TRUE); /* the next, later question */
      return;
    }
  g_debug ("The server answers again");
  set_offline (self, FALSE);
  resume (self);
}

static gboolean
probe_cb (gpointer data)
{
  SwcSession *self = data;

  self->probe_id = 0;
  if (self->probing || self->sending || self->syncing)
    return G_SOURCE_REMOVE; /* what is under way finds out, and goes offline again if need be */
  self->probing = TRUE;
  probe_async (self, probed_cb, self);
  return G_SOURCE_REMOVE;
}

/* Asks again after 2 s, then twice as long each time up to 30 s. */
static void
schedule_probe (SwcSession *self)
{
  if (self->probe_id != 0 || self->probing || g_cancellable_is_cancelled (self->cancellable))
    return;
  self->probe_delay_ms =
      self->probe_delay_ms ? MIN (self->probe_delay_ms * 2, PROBE_MAX_MS) : PROBE_FIRST_MS;
  self->probe_id = g_timeout_add (self->probe_delay_ms, probe_cb, self);
}

static void
set_offline (SwcSession *self, gboolean offline)
{
  if (offline)
    schedule_probe (self);
  else
    {
      g_clear_handle_id (&self->probe_id, g_source_remove);
      self->probe_delay_ms = 0;
    }
  if (self->offline == offline)
    return;
  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

static void
resumed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!swc_session_sync_finish (SWC_SESSION (source), result, NULL, &error))
    g_debug ("The sync after coming back online failed: %s", error->message);
}

/* Back online: what waits goes out now (not after its backoff), then the changes of others come in.
 */
static void
resume (SwcSession *self)
{
  if (self->queue != NULL)
    swc_queue_retry_now (self->queue);
  if (!self->syncing)
    swc_session_sync_async (self, FALSE, self->cancellable, resumed_cb, NULL);
}

/* A person asked to try now: the server is asked at once, and what waits out a backoff is sent. */
void
swc_session_retry_now (SwcSession *self)
{
  g_return_if_fail (SWC_IS_SESSION (self));

  if (self->queue != NULL)
    swc_queue_retry_now (self->queue);
  if (!self->offline)
    {
      swc_session_send_later (self, 0);
      return;
    }
  g_clear_handle_id (&self->probe_id, g_source_remove);
  self->probe_delay_ms = 0;
  probe_cb (self);
}

/* No server: the sync fails at once instead of after the reads' retries. */
static void
sync_probed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  SwcSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!probe_finish (source, result, &error))
    {
      sync_failed (self, task, g_steal_pointer (&error));
      return;
    }
  swc_client_detect_async (self->client, g_task_get_cancellable (task), detected_cb,
                           g_object_ref (task));
}

/* Online: reads the schemas, sends the waiting changes, then fetches what changed. */
void
swc_session_sync_async (SwcSession *self, gboolean full, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SWC_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_session_sync_async);
  g_task_set_task_data (task, GINT_TO_POINTER (full), NULL);
  if (self->syncing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A synchronisation is already running"));
      return;
    }
  set_syncing (self, TRUE);
  self->progress = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  probe_async (self, sync_probed_cb, g_object_ref (task));
}

/* What still waits (a change in its Undo time, or after a backoff) is sent when it is due. */
static void
schedule_due (SwcSession *self)
{
  gint64 due = self->queue ? swc_queue_next_due_ms (self->queue) : -1;

  if (self->offline)
    return; /* the probe sends when the server is back */
  if (due >= 0 && self->send_id == 0)
    swc_session_send_later (self, (guint) MIN (due + 100, 3600 * 1000));
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(SwcSession) self = data;
  g_autoptr(GError) error = NULL;

  self->sending = FALSE;
  if (!swc_queue_send_finish (SWC_QUEUE (source), result, NULL, &error))
    {
      g_debug ("Changes wait: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (is_unreachable (error))
        {
          set_offline (self, TRUE);
          return;
        }
    }
  else
    set_offline (self, FALSE);
  schedule_due (
      self); /* a refused login or the server's trouble: again after the entry's backoff */
}

static void
send_probed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcSession *self = data;
  g_autoptr(GError) error = NULL;

  if (!probe_finish (source, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the session is gone */
  if (error != NULL)
    {
      self->sending = FALSE;
      set_offline (self, TRUE);
      return;
    }
  if (self->queue == NULL)
    {
      self->sending = FALSE;
      return;
    }
  swc_queue_send_async (self->queue, self->cancellable, sent_cb, g_object_ref (self));
}

void swc_session_send_later (SwcSession *self, guint delay_ms);

static gboolean
send_cb (gpointer data)
{
  SwcSession *self = data;

  self->send_id = 0;
  if (self->queue == NULL || self->sending || self->syncing)
    return G_SOURCE_REMOVE;
  if (self->offline)
    {
      schedule_probe (self); /* the server is asked on its own schedule; it sends when it answers */
      return G_SOURCE_REMOVE;
    }
  self->sending = TRUE;
  probe_async (self, send_probed_cb, self);
  return G_SOURCE_REMOVE;
}

/* Sends the queue after delay_ms (a change's Undo time); a later call moves the moment. */
void
swc_session_send_later (SwcSession *self, guint delay_ms)
{
  g_return_if_fail (SWC_IS_SESSION (self));

  g_clear_handle_id (&self->send_id, g_source_remove);
  self->send_id = g_timeout_add (delay_ms, send_cb, self);
}

gboolean
swc_session_sync_finish (SwcSession *self, GAsyncResult *result, SwcSyncStats *stats,
                         GError **error)
{
  g_autofree SwcSyncStats *s = g_task_propagate_pointer (G_TASK (result), error);

  g_return_val_if_fail (SWC_IS_SESSION (self), FALSE);

  if (s && stats)
    *stats = *s;
  return s != NULL;
}
