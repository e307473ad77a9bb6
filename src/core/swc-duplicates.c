/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Likely duplicates of an organisation: the same KvK number, the same website domain, or a name
 * that is the same once "B.V.", "Gemeente", accents and punctuation are gone ("Centric B.V." ~
 * "Centric"). Scored so the most certain comes first, and explained in words. */
#define G_LOG_DOMAIN "swc-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-duplicates.h"
#include "swc-store-db.h"
#include "swc-db.h"

#define SCORE_KVK 60
#define SCORE_DOMAIN 40
#define SCORE_NAME 50
#define SCORE_LIKE 30
#define THRESHOLD 40

static const char *noise_words[] = { "bv",      "b",     "v",     "nv",        "n",        "vof",
                                     "holding", "groep", "group", "nederland", "gemeente", "de",
                                     "het",     "the",   "ict",   NULL };

/* Lower case, accents folded, punctuation gone, legal forms and filler words dropped. */
char *
swc_duplicates_normalise_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name ? name : "", "C");
  g_autofree char *lower = g_ascii_strdown (ascii, -1);
  g_auto(GStrv) words = NULL;
  GString *out = g_string_new (NULL);

  for (char *p = lower; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = ' ';
  words = g_strsplit (lower, " ", -1);
  for (guint i = 0; words[i]; i++)
    if (*words[i] && !g_strv_contains (noise_words, words[i]))
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

/* "https://www.centric.eu/over-ons" -> "centric.eu" */
char *
swc_duplicates_domain (const char *website)
{
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (website == NULL || *website == '\0')
    return NULL;
  with_scheme =
      strstr (website, "://") ? g_strdup (website) : g_strconcat ("https://", website, NULL);
  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    return NULL;
  if (g_str_has_prefix (host, "www."))
    host += 4;
  return g_ascii_strdown (host, -1);
}

/* The share of words of the shorter name that the other name has too. */
double
swc_duplicates_word_overlap (const char *a, const char *b)
{
  g_auto(GStrv) wa = g_strsplit (a, " ", -1);
  g_auto(GStrv) wb = g_strsplit (b, " ", -1);
  guint na = g_strv_length (wa), nb = g_strv_length (wb), shared = 0;
  GStrv small = na <= nb ? wa : wb, big = na <= nb ? wb : wa;

  if (MIN (na, nb) == 0 || *a == '\0' || *b == '\0')
    return 0;
  for (guint i = 0; small[i]; i++)
    if (g_strv_contains ((const char *const *) big, small[i]))
      shared++;
  return (double) shared / MIN (na, nb);
}

static guint
score_of (SwcDuplicateReason r)
{
  guint s = 0;

  if (r & SWC_DUPLICATE_KVK)
    s += SCORE_KVK;
  if (r & SWC_DUPLICATE_DOMAIN)
    s += SCORE_DOMAIN;
  if (r & SWC_DUPLICATE_NAME)
    s += SCORE_NAME;
  else if (r & SWC_DUPLICATE_LIKE)
    s += SCORE_LIKE;
  return MIN (s, 100);
}

static gint
by_score (gconstpointer a, gconstpointer b)
{
  const SwcDuplicate *x = *(SwcDuplicate **) a, *y = *(SwcDuplicate **) b;

  return x->score != y->score ? (gint) y->score - (gint) x->score : g_strcmp0 (x->name, y->name);
}

typedef struct
{
  char *kvk;
  char *domain;
  char *name;
} Facts;

static void
facts_clear (Facts *f)
{
  g_free (f->kvk);
  g_free (f->domain);
  g_free (f->name);
}

static void
facts_from_row (Facts *f, sqlite3_stmt *s, int first)
{
  const char *kvk = (const char *) sqlite3_column_text (s, first);

  f->kvk = kvk && *kvk ? g_strdup (kvk) : NULL;
  f->domain = swc_duplicates_domain ((const char *) sqlite3_column_text (s, first + 1));
  f->name = swc_duplicates_normalise_name ((const char *) sqlite3_column_text (s, first + 2));
}

static SwcDuplicateReason
compare (Facts *a, Facts *b)
{
  SwcDuplicateReason r = 0;

  if (a->kvk && b->kvk && g_str_equal (a->kvk, b->kvk))
    r |= SWC_DUPLICATE_KVK;
  if (a->domain && b->domain && g_str_equal (a->domain, b->domain))
    r |= SWC_DUPLICATE_DOMAIN;
  if (*a->name && g_str_equal (a->name, b->name))
    r |= SWC_DUPLICATE_NAME;
  else if (swc_duplicates_word_overlap (a->name, b->name) >= 0.75)
    r |= SWC_DUPLICATE_LIKE;
  return r;
}

static GPtrArray *
duplicates_of (sqlite3 *db, Facts *me, const char *exclude, guint limit)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_duplicate_free);
  sqlite3_stmt *s = NULL;

  s = swc_db_prepare (
      db,
      "SELECT uuid, name, json_extract(json, '$.kvkNummer'), json_extract(json, '$.website'), name"
      " FROM objects WHERE schema = 'organisatie' AND deleted = 0 AND uuid != ?");
  sqlite3_bind_text (s, 1, exclude ? exclude : "", -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      Facts other = { 0 };
      SwcDuplicateReason r;
      facts_from_row (&other, s, 2);
      r = compare (me, &other);
      if (score_of (r) >= THRESHOLD)
        {
          SwcDuplicate *d = g_new0 (SwcDuplicate, 1);
          d->uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
          d->name = g_strdup ((const char *) sqlite3_column_text (s, 1));
          d->reasons = r;
          d->score = score_of (r);
          g_ptr_array_add (found, d);
        }
      facts_clear (&other);
    }
  sqlite3_finalize (s);
  g_ptr_array_sort (found, by_score);
  if (found->len > limit)
    g_ptr_array_set_size (found, limit);
  return found;
}

/* The organisations most likely to be the same as uuid, best first (at most limit). */
GPtrArray *
swc_duplicates_for (SwcStore *store, const char *uuid, guint limit)
{
  sqlite3 *db;
  sqlite3_stmt *s = NULL;
  Facts me = { 0 };
  GPtrArray *found;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  db = swc_store_get_db (store);
  s = swc_db_prepare (
      db, "SELECT json_extract(json, '$.kvkNummer'), json_extract(json, '$.website'), name"
          " FROM objects WHERE uuid = ?");
  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (s) != SQLITE_ROW)
    {
      sqlite3_finalize (s);
      return g_ptr_array_new_with_free_func ((GDestroyNotify) swc_duplicate_free);
    }
  facts_from_row (&me, s, 0);
  sqlite3_finalize (s);
  found = duplicates_of (db, &me, uuid, limit);
  facts_clear (&me);
  return found;
}

/* The existing organisations most like one that is being made (any of the three may be NULL or
 * empty). */
GPtrArray *
swc_duplicates_like (SwcStore *store, const char *kvk, const char *website, const char *name,
                     guint limit)
{
  Facts me = { 0 };
  GPtrArray *found;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  me.kvk = kvk && *kvk ? g_strdup (kvk) : NULL;
  me.domain = swc_duplicates_domain (website);
  me.name = swc_duplicates_normalise_name (name);
  found = duplicates_of (swc_store_get_db (store), &me, NULL, limit);
  facts_clear (&me);
  return found;
}

/* ---- the same, off the main thread (it reads every organisation) ---- */

typedef struct
{
  char *exclude; /* an existing organisation: its own facts are compared */
  Facts facts;   /* or these, for one being made */
  guint limit;
} Find;

static void
find_free (Find *f)
{
  g_free (f->exclude);
  facts_clear (&f->facts);
  g_free (f);
}

static void
find_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Find *f = data;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = swc_store_open_connection (SWC_STORE (source), &error);
  GPtrArray *found;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (f->exclude != NULL)
    {
      sqlite3_stmt *s = NULL;
      s = swc_db_prepare (
          db, "SELECT json_extract(json, '$.kvkNummer'), json_extract(json, '$.website'), name"
              " FROM objects WHERE uuid = ?");
      sqlite3_bind_text (s, 1, f->exclude, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW)
        facts_from_row (&f->facts, s, 0);
      sqlite3_finalize (s);
    }
  found = f->facts.name != NULL
              ? duplicates_of (db, &f->facts, f->exclude, f->limit)
              : g_ptr_array_new_with_free_func ((GDestroyNotify) swc_duplicate_free);
  sqlite3_close (db);
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/* Likely duplicates of an existing organisation (uuid), or of one being made (uuid NULL; kvk,
 * website, name), computed on a worker thread with its own connection. */
void
swc_duplicates_find_async (SwcStore *store, const char *uuid, const char *kvk, const char *website,
                           const char *name, guint limit, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Find *f = g_new0 (Find, 1);

  g_return_if_fail (SWC_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  f->exclude = g_strdup (uuid);
  f->limit = limit;
  if (uuid == NULL)
    {
      f->facts.kvk = kvk && *kvk ? g_strdup (kvk) : NULL;
      f->facts.domain = swc_duplicates_domain (website);
      f->facts.name = swc_duplicates_normalise_name (name);
    }
  g_task_set_source_tag (task, swc_duplicates_find_async);
  g_task_set_task_data (task, f, (GDestroyNotify) find_free);
  g_task_run_in_thread (task, find_in_thread);
}

GPtrArray *
swc_duplicates_find_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- which registrations have a likely duplicate, off the main thread ---- */

typedef struct
{
  char *uuid;
  Facts facts;
  gboolean concept;
} Org;

static void
org_free (gpointer data)
{
  Org *o = data;

  g_free (o->uuid);
  facts_clear (&o->facts);
  g_free (o);
}

static void
flag_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SwcStore *store = source;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = swc_store_open_connection (store, &error);
  g_autoptr(GPtrArray) orgs = g_ptr_array_new_with_free_func (org_free);
  GHashTable *flagged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *s = NULL;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_hash_table_unref (flagged);
      return;
    }
  s = swc_db_prepare (
      db, "SELECT uuid, lower(json_extract(json, '$.status')) = 'concept', json_extract(json,"
          " '$.kvkNummer'),"
          " json_extract(json, '$.website'), name FROM objects WHERE schema = 'organisatie' AND"
          " deleted = 0");
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      Org *o = g_new0 (Org, 1);
      o->uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
      o->concept = sqlite3_column_int (s, 1);
      facts_from_row (&o->facts, s, 2);
      g_ptr_array_add (orgs, o);
    }
  sqlite3_finalize (s);
  sqlite3_close (db);
  for (guint i = 0; i < orgs->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Org *a = g_ptr_array_index (orgs, i);
      if (!a->concept)
        continue;
      for (guint j = 0; j < orgs->len; j++)
        if (i != j &&
            score_of (compare (&a->facts, &((Org *) g_ptr_array_index (orgs, j))->facts)) >=
                THRESHOLD)
          {
            g_hash_table_add (flagged, g_strdup (a->uuid));
            break;
          }
    }
  g_task_return_pointer (task, flagged, (GDestroyNotify) g_hash_table_unref);
}

/* The registrations (organisations in Concept) that have a likely duplicate: a set of uuids. */
void
swc_duplicates_flagged_async (SwcStore *store, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SWC_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_duplicates_flagged_async);
  g_task_run_in_thread (task, flag_in_thread);
}

GHashTable *
swc_duplicates_flagged_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* "same KvK number, same website domain" */
char *
swc_duplicate_explain (const SwcDuplicate *d)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (d->reasons & SWC_DUPLICATE_KVK)
    g_ptr_array_add (parts, _("same KvK number"));
  if (d->reasons & SWC_DUPLICATE_DOMAIN)
    g_ptr_array_add (parts, _("same website domain"));
  if (d->reasons & SWC_DUPLICATE_NAME)
    g_ptr_array_add (parts, _("same name"));
  else if (d->reasons & SWC_DUPLICATE_LIKE)
    g_ptr_array_add (parts, _("name resembles"));
  if (d->reasons & SWC_DUPLICATE_SUPPLIER)
    g_ptr_array_add (parts, _("same supplier"));
  if (d->reasons & SWC_DUPLICATE_SUPPLIES)
    g_ptr_array_add (parts, _("supplies a package like it"));
  if (d->reasons & SWC_DUPLICATE_OTHER_SUPPLIER)
    g_ptr_array_add (parts, _("other supplier"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (GStrv) parts->pdata);
}

void
swc_duplicate_free (SwcDuplicate *d)
{
  g_free (d->uuid);
  g_free (d->name);
  g_free (d);
}
