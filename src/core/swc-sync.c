/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synchronisation of the local store with the server.
 *
 * First sync of a schema: every page (in the server's insertion order), several requests in flight;
 * each page is parsed and stored by one writer thread in one transaction, together with the note
 * that the page is done, so an interrupted sync resumes with the pages it lacks. Later syncs: pages
 * ordered by
 * @self.updated descending until the watermark (minus a margin) is passed; the backend has no ETag
 * and no "changed since" filter (api.md §3.7). Deletions: when the server's total and the local
 * count differ (or every DELETION_CHECK_EVERY syncs) the ids of the schema are compared, local ones
 * the server lacks are removed and server ones the store lacks are fetched by id. */
#define G_LOG_DOMAIN "swc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-error.h"
#include "swc-page.h"
#include "swc-store-db.h"
#include "swc-sync.h"

#define MAX_IN_FLIGHT 6
#define DELTA_MARGIN_SECONDS 300
#define DELETION_CHECK_EVERY 12
#define ID_PAGE_SIZE 1000
#define IDS_PER_REQUEST 100

enum
{
  PROGRESS,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

struct _SwcSync
{
  GObject parent_instance;

  SwcClient *client;     /* owned */
  SwcStore *store;       /* owned */
  SwcSchemaSet *schemas; /* borrowed: the caller keeps it alive */
  GThreadPool *writer;   /* one thread: SQLite has one writer */
  sqlite3 *writer_db;    /* used only on the writer thread */
  guint full_page_size;
  guint delta_page_size;
};

G_DEFINE_FINAL_TYPE (SwcSync, swc_sync, G_TYPE_OBJECT)

/* JOB_WAITING: the writer is counting or comparing for the job; nothing to ask the server meanwhile
 */
typedef enum
{
  JOB_FULL,
  JOB_DELTA,
  JOB_IDS,
  JOB_WAITING,
  JOB_DONE
} JobMode;

typedef struct
{
  SwcSchema *schema;
  char *path; /* objects path of the schema */
  JobMode mode;
  GHashTable *pages_done; /* full: page numbers already stored */
  gint64 pages;           /* -1 until an answer says (or an empty page shows) how many there are */
  gint64 ceiling;     /* -1 until the first answer: past this page the list contradicts its count */
  gint64 first_total; /* the count the first answer reported (-1: none) */
  gint64 next_page;
  guint in_flight;
  gint64 total; /* the server's total */
  char *since;  /* delta: stop below this @self.updated */
  char *newest; /* delta: largest @self.updated seen */
  gboolean stop;
  GHashTable *server_ids; /* ids phase: uuids the server has */
  GPtrArray *missing;     /* ids phase: uuids to fetch */
  gint64 received;        /* objects received in this run, for progress */
} Job;

typedef struct
{
  GPtrArray *jobs;
  guint in_flight;
  GError *error;
  SwcSyncStats stats;
  gint64 started;
  gboolean bulk;      /* a first sync into an empty store */
  gboolean finishing; /* the writer is finishing the run */
} Run;

static void
job_free (Job *j)
{
  g_free (j->path);
  g_clear_pointer (&j->pages_done, g_hash_table_unref);
  g_free (j->since);
  g_free (j->newest);
  g_clear_pointer (&j->server_ids, g_hash_table_unref);
  g_clear_pointer (&j->missing, g_ptr_array_unref);
  g_free (j);
}

static void
run_free (Run *run)
{
  g_ptr_array_unref (run->jobs);
  g_clear_error (&run->error);
  g_free (run);
}

/* ---- the writer thread ----
 * Every statement of a run that reads or writes objects runs here, on the writer's own connection
 * (its cache holds what the pages just wrote); the main loop only hands out work and takes the
 * results. */

typedef enum
{
  OP_PAGE,       /* store one answer */
  OP_JOB_DONE,   /* a schema's pages are stored: bookkeeping, and count what the store has */
  OP_ID_COMPARE, /* remove what the server no longer has, list what the store lacks */
  OP_FINISH      /* the end of a run: indexes of a bulk load, the total */
} OpKind;

typedef struct
{
  OpKind op;
  GTask *task; /* the run; owned */
  Job *job;
  /* OP_PAGE */
  GBytes *body;
  SwcPageKind kind;
  gint64 page;
  char *path; /* the request, to ask again after a broken answer */
  guint attempt;
  SwcPageResult result;
  /* OP_JOB_DONE: in */
  JobMode mode;
  char *newest;
  gint64 total;
  /* OP_JOB_DONE: out */
  gint64 count;
  gint64 since_check;
  /* OP_ID_COMPARE: in (server_ids) and out */
  GHashTable *server_ids;
  GPtrArray *missing;
  guint deleted;
  /* OP_FINISH */
  gboolean bulk;
  GError *error;
} Write;

static void pump (GTask *task);
static void job_applied (GTask *task, Write *w);
static void job_counted (GTask *task, Write *w);
static void ids_compared (GTask *task, Write *w);
static void run_finished (GTask *task, Write *w);

static void
write_free (Write *w)
{
  g_object_unref (w->task);
  g_clear_pointer (&w->body, g_bytes_unref);
  g_free (w->path);
  swc_page_result_clear (&w->result);
  g_free (w->newest);
  g_clear_pointer (&w->server_ids, g_hash_table_unref);
  g_clear_pointer (&w->missing, g_ptr_array_unref);
  g_clear_error (&w->error);
  g_free (w);
}

static gboolean
applied_cb (gpointer data)
{
  Write *w = data;

  switch (w->op)
    {
    case OP_PAGE:
      job_applied (w->task, w);
      break;
    case OP_JOB_DONE:
      job_counted (w->task, w);
      break;
    case OP_ID_COMPARE:
      ids_compared (w->task, w);
      break;
    case OP_FINISH:
    default:
      run_finished (w->task, w);
      break;
    }
  write_free (w);
  return G_SOURCE_REMOVE;
}

static void
store_job_done (sqlite3 *db, Write *w)
{
  const char *slug = w->job->schema->slug;
  g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, w->total);
  g_autofree char *checks = swc_store_sync_get (db, slug, "deltas_since_check");
  g_autofree char *count = NULL;

  w->since_check = checks ? g_ascii_strtoll (checks, NULL, 10) + 1 : 1;
  if (w->mode == JOB_FULL)
    {
      swc_store_sync_set (db, slug, "full_done", "1");
      swc_store_sync_reset_pages (db, slug);
    }
  else if (w->newest != NULL)
    {
      g_autofree char *old = swc_store_sync_get (db, slug, "watermark");
      if (old == NULL || strcmp (w->newest, old) > 0)
        swc_store_sync_set (db, slug, "watermark", w->newest);
    }
  swc_store_sync_set (db, slug, "server_total", total);
  count = g_strdup_printf ("%" G_GINT64_FORMAT, w->since_check);
  swc_store_sync_set (db, slug, "deltas_since_check", count);
  w->count = swc_store_count (db, slug);
}

static void
store_id_compare (sqlite3 *db, Write *w)
{
  const char *slug = w->job->schema->slug;
  g_autoptr(GHashTable) local = swc_store_uuids (db, slug);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  GHashTableIter iter;
  gpointer key;

  w->deleted = swc_store_delete_missing (db, slug, w->server_ids);
  w->missing = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, w->server_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (local, key))
      g_ptr_array_add (w->missing, g_strdup (key));
  swc_store_sync_set (db, slug, "deltas_since_check", "0");
  swc_store_sync_set (db, slug, "last_id_check", stamp);
}

static void
write_in_thread (gpointer data, gpointer user_data)
{
  Write *w = data;
  SwcSync *self = user_data;
  sqlite3 *db;

  if (self->writer_db == NULL)
    self->writer_db = swc_store_open_connection (self->store, &w->error);
  if ((db = self->writer_db) != NULL)
    switch (w->op)
      {
      case OP_PAGE:
        swc_store_apply_page (db, w->job->schema, w->body, w->kind, w->page, &w->result, &w->error);
        break;
      case OP_JOB_DONE:
        store_job_done (db, w);
        break;
      case OP_ID_COMPARE:
        store_id_compare (db, w);
        break;
      case OP_FINISH:
      default:
        if (w->bulk)
          swc_store_end_bulk_load (db);
        w->count = swc_store_count (db, NULL);
        break;
      }
  g_main_context_invoke (g_task_get_context (w->task), applied_cb, w);
}

static Write *
write_new (GTask *task, OpKind op, Job *job)
{
  Write *w = g_new0 (Write, 1);

  w->op = op;
  w->task = g_object_ref (task);
  w->job = job;
  return w;
}

static void
write_push (GTask *task, Write *w)
{
  SwcSync *self = g_task_get_source_object (task);

  g_thread_pool_push (self->writer, w, NULL);
}

/* ---- the object ---- */

static void
swc_sync_finalize (GObject *object)
{
  SwcSync *self = SWC_SYNC (object);

  if (self->writer)
    g_thread_pool_free (self->writer, FALSE, TRUE);
  if (self->writer_db)
    sqlite3_close (self->writer_db);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (swc_sync_parent_class)->finalize (object);
}

static void
swc_sync_class_init (SwcSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = swc_sync_finalize;
  /* progress (schema, objects stored so far, objects on the server) */
  signals[PROGRESS] =
      g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
}

static void
swc_sync_init (SwcSync *self)
{
  self->full_page_size = 1000;
  self->delta_page_size = 200;
}

SwcSync *
swc_sync_new (SwcClient *client, SwcStore *store, SwcSchemaSet *schemas)
{
  SwcSync *self = g_object_new (SWC_TYPE_SYNC, NULL);

  g_return_val_if_fail (SWC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (SWC_IS_STORE (store), NULL);
  g_return_val_if_fail (schemas != NULL, NULL);

  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  self->schemas = schemas;
  self->writer = g_thread_pool_new (write_in_thread, self, 1, TRUE, NULL);
  return self;
}

void
swc_sync_set_page_size (SwcSync *self, guint full_page_size, guint delta_page_size)
{
  g_return_if_fail (SWC_IS_SYNC (self));

  self->full_page_size = full_page_size;
  self->delta_page_size = delta_page_size;
}

/* ---- planning ---- */

static gboolean
is_synced_schema (SwcSchemaSet *set, SwcSchema *s)
{
  return s->register_slug != NULL && (g_strcmp0 (s->register_slug, set->catalogue_register) == 0 ||
                                      g_str_equal (s->register_slug, "publication"));
}

static char *
time_minus (const char *iso, int seconds)
{
  g_autoptr(GDateTime) t = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) earlier = t ? g_date_time_add_seconds (t, -seconds) : NULL;

  return earlier ? g_date_time_format (earlier, "%Y-%m-%dT%H:%M:%S+00:00") : NULL;
}

static Job *
job_new (SwcSync *self, SwcSchema *schema, gboolean full)
{
  sqlite3 *db = swc_store_get_db (self->store);
  Job *j = g_new0 (Job, 1);
  g_autofree char *full_done = swc_store_sync_get (db, schema->slug, "full_done");
  g_autofree char *watermark = swc_store_sync_get (db, schema->slug, "watermark");

  j->schema = schema;
  j->path = swc_client_objects_path (self->client, schema->register_slug, schema->slug);
  j->pages = -1;
  j->ceiling = -1;
  j->first_total = -1;
  j->next_page = 1;
  if (full || g_strcmp0 (full_done, "1") != 0)
    {
      if (full)
        {
          swc_store_sync_reset_pages (db, schema->slug);
          swc_store_sync_set (db, schema->slug, "full_done", "0");
        }
      j->mode = JOB_FULL;
      j->pages_done = swc_store_sync_pages_done (db, schema->slug);
    }
  else
    {
      j->mode = JOB_DELTA;
      j->since = time_minus (watermark, DELTA_MARGIN_SECONDS);
    }
  return j;
}

/* ---- requests ---- */

typedef struct
{
  GTask *task;
  Job *job;
  gint64 page;
  SwcPageKind kind;
  char *path;
  guint attempt; /* how often this request was asked again after a broken answer */
} Fetch;

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Fetch *f = data;
  g_autoptr(GTask) task = f->task;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes *body = swc_client_get_finish (SWC_CLIENT (source), result, &error);
  Write *w;

  if (body == NULL)
    {
      f->job->in_flight--;
      run->in_flight--;
      if (run->error == NULL)
        run->error = g_steal_pointer (&error);
      g_free (f->path);
      g_free (f);
      pump (task);
      return;
    }
  w = write_new (task, OP_PAGE, f->job);
  w->body = body;
  w->kind = f->kind;
  w->page = f->page;
  w->path = f->path;
  w->attempt = f->attempt;
  write_push (task, w);
  g_free (f);
}

static void
fetch_path (GTask *task, Job *job, const char *path, gint64 page, SwcPageKind kind, guint attempt)
{
  SwcSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Fetch *f = g_new0 (Fetch, 1);

  f->task = g_object_ref (task);
  f->job = job;
  f->page = page;
  f->kind = kind;
  f->path = g_strdup (path);
  f->attempt = attempt;
  job->in_flight++;
  run->in_flight++;
  swc_client_get_async (self->client, path, SWC_TIMEOUT_READ, g_task_get_cancellable (task),
                        fetched_cb, f);
}

static void
fetch (GTask *task, Job *job, const char *query, gint64 page, SwcPageKind kind)
{
  g_autofree char *path = g_strdup_printf ("%s?%s", job->path, query);

  fetch_path (task, job, path, page, kind, 0);
}

/* A broken answer (cut off, not JSON) is asked for again, after the client's delay for that
 * attempt: the one retry policy for every transient fault (swc_client_retry_delay). The request
 * keeps its place meanwhile. */
static gboolean
refetch_cb (gpointer data)
{
  Fetch *f = data;
  Run *run = g_task_get_task_data (f->task);

  f->job->in_flight--;
  run->in_flight--;
  fetch_path (f->task, f->job, f->path, f->page, f->kind, f->attempt);
  g_object_unref (f->task);
  g_free (f->path);
  g_free (f);
  return G_SOURCE_REMOVE;
}

static gboolean
fetch_again_later (GTask *task, Write *w)
{
  SwcSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Fetch *f;
  guint delay;

  if (!swc_client_retry_delay (self->client, w->error, w->attempt, &delay))
    return FALSE;
  f = g_new0 (Fetch, 1);
  f->task = g_object_ref (task);
  f->job = w->job;
  f->page = w->page;
  f->kind = w->kind;
  f->path = g_strdup (w->path);
  f->attempt = w->attempt + 1;
  w->job->in_flight++;
  run->in_flight++;
  g_timeout_add (delay, refetch_cb, f);
  return TRUE;
}

static gint64
next_missing_page (Job *j)
{
  while (g_hash_table_contains (j->pages_done, GINT_TO_POINTER ((gint) j->next_page)))
    j->next_page++;
  return j->next_page;
}

/* Issues the next request of a job, if it has one now; TRUE when it did. */
static gboolean
job_issue (GTask *task, Job *j)
{
  SwcSync *self = g_task_get_source_object (task);
  g_autofree char *query = NULL;

  switch (j->mode)
    {
    case JOB_FULL:
      if ((j->pages < 0 && j->in_flight > 0) ||
          (j->pages >= 0 && next_missing_page (j) > MAX (j->pages, 1)))
        return FALSE;
      query = g_strdup_printf ("_limit=%u&_page=%" G_GINT64_FORMAT, self->full_page_size,
                               next_missing_page (j));
      fetch (task, j, query, j->next_page++, SWC_PAGE_FULL);
      return TRUE;
    case JOB_DELTA:
      if (j->in_flight > 0 || j->stop)
        return FALSE;
      query = g_strdup_printf ("_limit=%u&_page=%" G_GINT64_FORMAT "&_order[@self.updated]=desc",
                               self->delta_page_size, j->next_page);
      fetch (task, j, query, j->next_page++, SWC_PAGE_DELTA);
      return TRUE;
    case JOB_IDS:
      if (j->in_flight > 0 || j->missing == NULL || j->missing->len == 0)
        return FALSE;
      {
        GString *ids = g_string_new ("_limit=1000&_ids=");
        guint n = MIN (j->missing->len, IDS_PER_REQUEST);
        for (guint i = 0; i < n; i++)
          g_string_append_printf (ids, "%s%s", i ? "," : "",
                                  (char *) g_ptr_array_index (j->missing, i));
        g_ptr_array_remove_range (j->missing, 0, n);
        fetch (task, j, ids->str, 0, SWC_PAGE_IDS);
        g_string_free (ids, TRUE);
      }
      return TRUE;
    default:
      return FALSE;
    }
}

static void id_check_start (GTask *task, Job *j);

/* Everything is fetched (or the run failed): the writer finishes the store's side. */
static void
finish_run (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  Write *w = write_new (task, OP_FINISH, NULL);

  run->finishing = TRUE;
  w->bulk = run->bulk;
  write_push (task, w);
}

static void
run_finished (GTask *task, Write *w)
{
  Run *run = g_task_get_task_data (task);

  if (run->error == NULL && w->error != NULL)
    run->error = g_steal_pointer (&w->error);
  if (run->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&run->error));
      return;
    }
  run->stats.objects = w->count;
  run->stats.seconds = (g_get_monotonic_time () - run->started) / 1e6;
  g_task_return_boolean (task, TRUE);
}

/* Keeps MAX_IN_FLIGHT requests going; finishes the run when nothing is left to do. */
static void
pump (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gboolean issued = TRUE;

  if (run->finishing)
    return;
  if (run->error == NULL && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    run->error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Synchronisation cancelled"));
  while (run->error == NULL && issued && run->in_flight < MAX_IN_FLIGHT)
    {
      issued = FALSE;
      for (guint i = 0; i < run->jobs->len && run->in_flight < MAX_IN_FLIGHT; i++)
        if (job_issue (task, g_ptr_array_index (run->jobs, i)))
          issued = TRUE;
    }
  if (run->in_flight > 0)
    return;
  for (guint i = 0; run->error == NULL && i < run->jobs->len; i++)
    if (((Job *) g_ptr_array_index (run->jobs, i))->mode != JOB_DONE)
      return; /* a job is between phases (the id check is on its way) */
  finish_run (task);
}

/* ---- after each page ---- */

static void
report_progress (GTask *task, Job *j, guint received)
{
  SwcSync *self = g_task_get_source_object (task);

  j->received += received;
  g_signal_emit (self, signals[PROGRESS], 0, j->schema->slug, MIN (j->received, MAX (j->total, 0)),
                 j->total);
}

/* The job's main phase is over: the writer notes it and counts what the store has of the schema. */
static void
job_main_phase_done (GTask *task, Job *j)
{
  Write *w = write_new (task, OP_JOB_DONE, j);

  w->mode = j->mode;
  w->newest = g_strdup (j->newest);
  w->total = j->total;
  j->mode = JOB_WAITING;
  write_push (task, w);
}

/* A count that differs from the server's, or enough syncs since the last look: compare the ids. */
static void
job_counted (GTask *task, Write *w)
{
  Run *run = g_task_get_task_data (task);
  Job *j = w->job;

  if (w->error == NULL && run->error == NULL && !run->finishing &&
      (w->count != j->total || w->since_check >= DELETION_CHECK_EVERY))
    id_check_start (task, j);
  else
    j->mode = JOB_DONE;
  pump (task);
}

/* The error of a broken answer, naming the list and page it came from. */
static GError *
page_error (Job *j, gint64 page, const GError *error)
{
  if (page <= 0)
    return g_error_new (error->domain, error->code, _("%s (the list of %s)"), error->message,
                        j->schema->slug);
  return g_error_new (error->domain, error->code, _("%s (page %lld of the list of %s)"),
                      error->message, (long long) page, j->schema->slug);
}

/* How many pages of size a list has as far as an answer can be believed: never more than its total
 * allows; -1 when the answer says neither. */
static gint64
believable_pages (gint64 pages, gint64 total, guint size)
{
  gint64 by_total = total >= 0 ? (total + size - 1) / size : -1;

  if (pages < 0)
    return by_total;
  return by_total >= 0 ? MIN (pages, MAX (by_total, 1)) : pages;
}

/* The first answer fixes the ceiling: twice the pages its count needs, and some, for what is added
 * while the sync runs. A list without a count may have a million objects. */
static void
job_set_ceiling (Job *j, gint64 total, guint size)
{
  if (j->ceiling >= 0)
    return;
  j->first_total = total;
  j->ceiling = (total >= 0 ? total : 1000000) / size * 2 + 10;
}

/* Takes an answer's paging into the job: a list ends at its last believable page or at an empty
 * page, and one that goes on past its ceiling is an error. FALSE when the run failed on it. */
static gboolean
job_take_result (GTask *task, Job *j, Write *w)
{
  SwcSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint size = w->kind == SWC_PAGE_DELTA ? self->delta_page_size : self->full_page_size;
  gint64 pages = believable_pages (w->result.pages, w->result.total, size);

  if (w->kind == SWC_PAGE_IDS)
    return TRUE;
  job_set_ceiling (j, w->result.total, size);
  if (w->result.total >= 0)
    j->total = w->result.total;
  if (w->result.received > 0 && w->page > j->ceiling)
    {
      if (run->error == NULL)
        run->error = g_error_new (
            SWC_ERROR, SWC_ERROR_MALFORMED,
            _("The server's list of %s does not end: it counted %lld objects, but page %lld "
               "still has objects"),
            j->schema->slug, (long long) MAX (j->first_total, 0), (long long) w->page);
      return FALSE;
    }
  if (w->kind == SWC_PAGE_FULL)
    {
      g_hash_table_add (j->pages_done, GINT_TO_POINTER ((gint) w->page));
      if (w->result.received == 0)
        pages = w->page - 1; /* an empty page: the list ended before it */
      if (pages >= 0)
        j->pages = j->pages >= 0 && w->result.received == 0 ? MIN (j->pages, pages) : pages;
    }
  else if (w->kind == SWC_PAGE_DELTA)
    {
      if (w->result.newest && (j->newest == NULL || strcmp (w->result.newest, j->newest) > 0))
        {
          g_free (j->newest);
          j->newest = g_strdup (w->result.newest);
        }
      /* stop when the page reaches back past the watermark, or at the last page */
      if (w->result.received == 0 ||
          (j->since && w->result.oldest && strcmp (w->result.oldest, j->since) < 0) ||
          (pages >= 0 && w->page >= pages))
        j->stop = TRUE;
    }
  return TRUE;
}

static gboolean
job_main_phase_finished (Job *j)
{
  if (j->in_flight > 0)
    return FALSE;
  if (j->mode == JOB_FULL)
    return j->pages >= 0 && next_missing_page (j) > MAX (j->pages, 1);
  if (j->mode == JOB_DELTA)
    return j->stop;
  return j->mode == JOB_IDS && j->missing != NULL && j->missing->len == 0;
}

static void
job_applied (GTask *task, Write *w)
{
  Run *run = g_task_get_task_data (task);
  Job *j = w->job;

  j->in_flight--;
  run->in_flight--;
  if (w->error != NULL && g_error_matches (w->error, SWC_ERROR, SWC_ERROR_MALFORMED) &&
      fetch_again_later (task, w))
    ; /* a broken answer: the same request again, a moment later */
  else if (w->error != NULL && run->error == NULL)
    run->error = page_error (j, w->page, w->error);
  else if (w->error == NULL && !job_take_result (task, j, w))
    ; /* the list contradicts itself: the run has its error */
  else if (w->error == NULL)
    {
      run->stats.added += w->result.added;
      run->stats.updated += w->result.updated;
      report_progress (task, j, w->result.received);
      if (w->result.added || w->result.updated)
        swc_store_notify_changed (g_task_get_source_object (task)
                                      ? SWC_SYNC (g_task_get_source_object (task))->store
                                      : NULL,
                                  j->schema->slug);
      if (job_main_phase_finished (j))
        {
          if (j->mode == JOB_IDS)
            j->mode = JOB_DONE;
          else
            job_main_phase_done (task, j);
        }
    }
  pump (task);
}

/* ---- the id comparison ---- */

typedef struct
{
  GTask *task;
  Job *job;
  gint64 page;
  guint attempt;
} IdFetch;

static void id_fetch_page (GTask *task, Job *j, gint64 page, guint attempt);

static gboolean
collect_ids (GBytes *body, GHashTable *ids, SwcPage *page, GError **error)
{
  gsize len;
  const char *text = g_bytes_get_data (body, &len);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!swc_page_scan (text, len, page, error))
    return FALSE;
  for (guint i = 0; i < page->objects->len; i++)
    {
      SwcSlice *s = &g_array_index (page->objects, SwcSlice, i);
      JsonNode *root, *id;
      if (!json_parser_load_from_data (parser, text + s->offset, s->length, NULL))
        continue; /* cannot happen: the scan checked it */
      root = json_parser_get_root (parser);
      id = JSON_NODE_HOLDS_OBJECT (root)
               ? json_object_get_member (json_node_get_object (root), "id")
               : NULL;
      if (!id || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING)
        {
          g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED,
                       _("An object in the server's answer has no id"));
          return FALSE;
        }
      g_hash_table_add (ids, g_strdup (json_node_get_string (id)));
    }
  return TRUE;
}

static void
id_check_compare (GTask *task, Job *j)
{
  Write *w = write_new (task, OP_ID_COMPARE, j);

  w->server_ids = g_steal_pointer (&j->server_ids);
  j->mode = JOB_WAITING;
  write_push (task, w);
}

static void
ids_compared (GTask *task, Write *w)
{
  SwcSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Job *j = w->job;

  run->stats.deleted += w->deleted;
  if (w->deleted > 0)
    swc_store_notify_changed (self->store, j->schema->slug);
  j->missing = g_steal_pointer (&w->missing);
  j->mode = j->missing != NULL && j->missing->len ? JOB_IDS : JOB_DONE;
  pump (task);
}

static gboolean
id_refetch_cb (gpointer data)
{
  IdFetch *f = data;
  Run *run = g_task_get_task_data (f->task);

  f->job->in_flight--;
  run->in_flight--;
  id_fetch_page (f->task, f->job, f->page, f->attempt);
  g_object_unref (f->task);
  g_free (f);
  return G_SOURCE_REMOVE;
}

/* A broken page of ids is asked for again like any other page (fetch_again_later); FALSE when its
 * tries are used up. */
static gboolean
id_fetch_again_later (GTask *task, Job *j, gint64 number, guint attempt, const GError *error)
{
  SwcSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  IdFetch *f;
  guint delay;

  if (!g_error_matches (error, SWC_ERROR, SWC_ERROR_MALFORMED) ||
      !swc_client_retry_delay (self->client, error, attempt, &delay))
    return FALSE;
  f = g_new0 (IdFetch, 1);
  f->task = g_object_ref (task);
  f->job = j;
  f->page = number;
  f->attempt = attempt + 1;
  j->in_flight++;
  run->in_flight++;
  g_timeout_add (delay, id_refetch_cb, f);
  return TRUE;
}

/* Whether the ids go on after this page: not after an empty or short page, nor past what the count
 * allows; an error when the pages go on past the first count's ceiling. */
static gboolean
id_more_pages (Job *j, SwcPage *page, gint64 number, GError **error)
{
  gint64 pages = believable_pages (page->pages, page->total, ID_PAGE_SIZE);

  if (number == 1)
    {
      j->ceiling = -1;
      job_set_ceiling (j, page->total, ID_PAGE_SIZE);
    }
  if (page->objects->len > 0 && number > j->ceiling)
    {
      g_set_error (
          error, SWC_ERROR, SWC_ERROR_MALFORMED,
          _("The server's list of %s does not end: it counted %lld objects, but page %lld "
             "still has objects"),
          j->schema->slug, (long long) MAX (j->first_total, 0), (long long) number);
      return FALSE;
    }
  if (page->objects->len < ID_PAGE_SIZE)
    return FALSE;
  return pages < 0 || number < pages;
}

static void
id_fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  IdFetch *f = data;
  g_autoptr(GTask) task = f->task;
  Run *run = g_task_get_task_data (task);
  Job *j = f->job;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_get_finish (SWC_CLIENT (source), result, &error);
  SwcPage page = { 0 };
  gint64 number = f->page;
  guint attempt = f->attempt;
  gboolean more = FALSE;

  g_free (f);
  j->in_flight--;
  run->in_flight--;
  if (body != NULL && collect_ids (body, j->server_ids, &page, &error))
    more = id_more_pages (j, &page, number, &error);
  if (error != NULL && id_fetch_again_later (task, j, number, attempt, error))
    ; /* a broken page: asked for again */
  else if (error != NULL)
    {
      if (run->error == NULL)
        run->error = page_error (j, number, error);
    }
  else if (more)
    id_fetch_page (task, j, number + 1, 0);
  else
    id_check_compare (task, j);
  swc_page_clear (&page);
  pump (task);
}

static void
id_fetch_page (GTask *task, Job *j, gint64 page, guint attempt)
{
  SwcSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("%s?_fields=id&_limit=%u&_page=%" G_GINT64_FORMAT,
                                           j->path, ID_PAGE_SIZE, page);
  IdFetch *f = g_new0 (IdFetch, 1);

  f->task = g_object_ref (task);
  f->job = j;
  f->page = page;
  f->attempt = attempt;
  j->in_flight++;
  run->in_flight++;
  swc_client_get_async (self->client, path, SWC_TIMEOUT_READ, g_task_get_cancellable (task),
                        id_fetched_cb, f);
}

static void
id_check_start (GTask *task, Job *j)
{
  j->mode = JOB_IDS;
  j->server_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  id_fetch_page (task, j, 1, 0);
}

/* ---- entry points ---- */

void
swc_sync_run_async (SwcSync *self, gboolean full, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run = g_new0 (Run, 1);

  g_return_if_fail (SWC_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_sync_run_async);
  run->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  run->started = g_get_monotonic_time ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  run->bulk = swc_store_is_empty (swc_store_get_db (self->store));
  if (run->bulk)
    swc_store_begin_bulk_load (self->store);
  for (guint i = 0; i < self->schemas->schemas->len; i++)
    {
      SwcSchema *s = g_ptr_array_index (self->schemas->schemas, i);
      if (is_synced_schema (self->schemas, s))
        g_ptr_array_add (run->jobs, job_new (self, s, full));
    }
  pump (task);
}

gboolean
swc_sync_run_finish (SwcSync *self, GAsyncResult *result, SwcSyncStats *stats, GError **error)
{
  Run *run = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (SWC_IS_SYNC (self), FALSE);

  if (stats != NULL)
    *stats = run->stats;
  return g_task_propagate_boolean (G_TASK (result), error);
}
