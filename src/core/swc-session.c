/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session the app works in: opens the store of a server and user (instantly, from disk), reads the
 * server's schemas when online, sends the queue and then syncs; progress as properties to bind to. */
#define G_LOG_DOMAIN "swc-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-error.h"
#include "swc-paths.h"
#include "swc-session.h"

struct _SwcSession
{
  GObject       parent_instance;

  char         *server;
  char         *user;
  SwcClient    *client;
  SwcStore     *store;
  SwcSchemaSet *schemas;   /* nullable until the schemas are known */
  GPtrArray    *retired;   /* earlier schema sets: pages may still point into them */
  SwcQueue     *queue;     /* nullable until the schemas are known */
  SwcSync      *sync;
  gboolean      syncing;
  double        progress;
  char         *last_sync;
  GHashTable   *done;      /* schema -> objects so far (gint64 in a pointer) */
  GHashTable   *totals;
  guint         send_id;
  gboolean      sending;
};

enum { PROP_0, PROP_SYNCING, PROP_PROGRESS, PROP_LAST_SYNC, PROP_HAS_DATA, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SwcSession, swc_session, G_TYPE_OBJECT)

static void
swc_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcSession *self = SWC_SESSION (object);

  switch (prop_id)
    {
    case PROP_SYNCING: g_value_set_boolean (value, self->syncing); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_LAST_SYNC: g_value_set_string (value, self->last_sync); break;
    case PROP_HAS_DATA: g_value_set_boolean (value, swc_session_has_data (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_session_dispose (GObject *object)
{
  SwcSession *self = SWC_SESSION (object);

  g_clear_handle_id (&self->send_id, g_source_remove);
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
  G_OBJECT_CLASS (swc_session_parent_class)->finalize (object);
}

enum { QUEUE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
swc_session_class_init (SwcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = swc_session_get_property;
  object_class->dispose = swc_session_dispose;
  object_class->finalize = swc_session_finalize;
  /* queue-changed (entry id): the queue's "changed", whichever queue the session has now */
  signals[QUEUE_CHANGED] = g_signal_new ("queue-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_SYNC] = g_param_spec_string ("last-sync", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_DATA] = g_param_spec_boolean ("has-data", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
swc_session_init (SwcSession *self)
{
  self->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_schema_set_free);
}

static void progress_cb (SwcSync *sync, const char *schema, gint64 done, gint64 total, gpointer data);
static void schedule_due (SwcSession *self);

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
  return g_steal_pointer (&self);
}

const char *
swc_session_get_server (SwcSession *self)
{
  return self->server;
}

const char *
swc_session_get_user (SwcSession *self)
{
  return self->user;
}

SwcStore *
swc_session_get_store (SwcSession *self)
{
  return self->store;
}

/* Where the softwarecatalog app answers ("softwarecatalog", "stackiq"), or NULL when the server lacks it. */
char *
swc_session_dup_app_path (SwcSession *self)
{
  g_autofree char *path = swc_store_get_meta (self->store, "app_path");

  return path && *path ? g_steal_pointer (&path) : NULL;
}

SwcClient *
swc_session_get_client (SwcSession *self)
{
  return self->client;
}

SwcQueue *
swc_session_get_queue (SwcSession *self)
{
  return self->queue;
}

SwcSchemaSet *
swc_session_get_schemas (SwcSession *self)
{
  return self->schemas;
}

gboolean
swc_session_has_data (SwcSession *self)
{
  return self->schemas != NULL && !swc_store_is_empty (swc_store_get_db (self->store));
}

gboolean
swc_session_get_syncing (SwcSession *self)
{
  return self->syncing;
}

double
swc_session_get_progress (SwcSession *self)
{
  return self->progress;
}

const char *
swc_session_get_last_sync (SwcSession *self)
{
  return self->last_sync;
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
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
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
      set_syncing (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_hash_table_remove_all (self->done);
  g_hash_table_remove_all (self->totals);
  swc_sync_run_async (self->sync, GPOINTER_TO_INT (g_task_get_task_data (task)), g_task_get_cancellable (task),
                      synced_cb, g_object_ref (task));
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
      set_syncing (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
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
  swc_queue_retry_now (self->queue);
  swc_queue_send_async (self->queue, g_task_get_cancellable (task), queue_sent_cb, g_object_ref (task));
}

/* Online: reads the schemas, sends the waiting changes, then fetches what changed. */
void
swc_session_sync_async (SwcSession *self, gboolean full, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, swc_session_sync_async);
  g_task_set_task_data (task, GINT_TO_POINTER (full), NULL);
  if (self->syncing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("A synchronisation is already running"));
      return;
    }
  set_syncing (self, TRUE);
  self->progress = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  swc_client_detect_async (self->client, cancellable, detected_cb, g_object_ref (task));
}

/* What still waits (a change in its Undo time, or after a backoff) is sent when it is due. */
static void
schedule_due (SwcSession *self)
{
  gint64 due = self->queue ? swc_queue_next_due_ms (self->queue) : -1;

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
    g_debug ("Changes wait: %s", error->message);
  else
    schedule_due (self);
}

void swc_session_send_later (SwcSession *self, guint delay_ms);

static gboolean
send_cb (gpointer data)
{
  SwcSession *self = data;

  self->send_id = 0;
  if (self->queue == NULL || self->sending || self->syncing)
    return G_SOURCE_REMOVE;
  self->sending = TRUE;
  swc_queue_send_async (self->queue, NULL, sent_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Sends the queue after delay_ms (a change's Undo time); a later call moves the moment. */
void
swc_session_send_later (SwcSession *self, guint delay_ms)
{
  g_clear_handle_id (&self->send_id, g_source_remove);
  self->send_id = g_timeout_add (delay_ms, send_cb, self);
}

gboolean
swc_session_sync_finish (SwcSession *self, GAsyncResult *result, SwcSyncStats *stats, GError **error)
{
  g_autofree SwcSyncStats *s = g_task_propagate_pointer (G_TASK (result), error);

  if (s && stats)
    *stats = *s;
  return s != NULL;
}
