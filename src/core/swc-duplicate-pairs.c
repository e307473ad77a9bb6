/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scored duplicate candidates among packages (step 2.2): the same name once accents, punctuation
 * and filler words are gone, or names that share most words; the same supplier and the same website
 * add to the score, but never make a pair alone (a supplier's packages share its website). Two
 * different suppliers (not the same supplier registered twice under one name) count against: the
 * same name alone is then most often two products that share a name, shown low in the list with
 * "other supplier". Only packages that share a word of their name are compared, so six thousand
 * packages cost thousands of comparisons, not eighteen million. A pair marked "not a duplicate" is
 * remembered with both records' versions and comes back when one changes. */
#define G_LOG_DOMAIN "swc-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-duplicates.h"
#include "swc-duplicates-private.h"
#include "swc-db.h"

#define SCORE_NAME 60
#define SCORE_LIKE 40
#define SCORE_SUPPLIER 25
#define SCORE_DOMAIN 15
#define SCORE_OTHER_SUPPLIER 35 /* taken off */

void
_swc_package_free (SwcPackage *p)
{
  g_free (p->uuid);
  g_free (p->name);
  g_free (p->key);
  g_free (p->supplier);
  g_free (p->domain);
  g_free (p->version);
  g_free (p);
}

void
swc_duplicate_pair_free (SwcDuplicatePair *pair)
{
  g_free (pair->a);
  g_free (pair->b);
  g_free (pair->a_name);
  g_free (pair->b_name);
  g_free (pair->a_supplier);
  g_free (pair->b_supplier);
  g_free (pair);
}

/* Every record of schema with a name, as SwcPackage. */
GPtrArray *
_swc_packages_load (sqlite3 *db, const char *schema, const char *supplier_field)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) _swc_package_free);
  g_autofree char *sql =
      g_strdup_printf ("SELECT uuid, name, json_extract (json, '$.\"%s\"'),"
                       " json_extract (json, '$.website'), COALESCE (updated, version, '')"
                       " FROM objects WHERE schema = ? AND deleted = 0 AND name IS NOT NULL",
                       supplier_field);
  sqlite3_stmt *s = NULL;

  s = swc_db_prepare (db, sql);
  sqlite3_bind_text (s, 1, schema, -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SwcPackage *p = g_new0 (SwcPackage, 1);
      const char *supplier = (const char *) sqlite3_column_text (s, 2);
      p->uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
      p->name = g_strdup ((const char *) sqlite3_column_text (s, 1));
      p->key = swc_duplicates_normalise_name (p->name);
      p->supplier = supplier && *supplier ? g_strdup (supplier) : NULL;
      p->domain = swc_duplicates_domain ((const char *) sqlite3_column_text (s, 3));
      p->version = g_strdup ((const char *) sqlite3_column_text (s, 4));
      g_ptr_array_add (all, p);
    }
  sqlite3_finalize (s);
  return all;
}

/* Why two packages look like one; 0 when their names are unlike (the name decides). */
SwcDuplicateReason
_swc_packages_compare (SwcPackage *a, SwcPackage *b)
{
  SwcDuplicateReason r = 0;

  if (*a->key && g_str_equal (a->key, b->key))
    r |= SWC_DUPLICATE_NAME;
  else if (swc_duplicates_word_overlap (a->key, b->key) >= 0.75)
    r |= SWC_DUPLICATE_LIKE;
  else
    return 0; /* the name decides whether it is a candidate at all */
  if (a->supplier && b->supplier && g_str_equal (a->supplier, b->supplier))
    r |= SWC_DUPLICATE_SUPPLIER;
  if (a->domain && b->domain && g_str_equal (a->domain, b->domain))
    r |= SWC_DUPLICATE_DOMAIN;
  return r;
}

guint
_swc_duplicates_score (SwcDuplicateReason r)
{
  gint s = (r & SWC_DUPLICATE_NAME) ? SCORE_NAME : (r & SWC_DUPLICATE_LIKE) ? SCORE_LIKE : 0;

  if (r & (SWC_DUPLICATE_SUPPLIER | SWC_DUPLICATE_SUPPLIES))
    s += SCORE_SUPPLIER;
  if (r & SWC_DUPLICATE_DOMAIN)
    s += SCORE_DOMAIN;
  if (r & SWC_DUPLICATE_OTHER_SUPPLIER)
    s -= SCORE_OTHER_SUPPLIER;
  return (guint) CLAMP (s, 0, 100);
}

/* word -> the packages whose name has it (words of letters only: numbers say nothing alone) */
static GHashTable *
by_word (GPtrArray *all)
{
  GHashTable *index =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);

  for (guint i = 0; i < all->len; i++)
    {
      g_auto(GStrv) words = g_strsplit (((SwcPackage *) g_ptr_array_index (all, i))->key, " ", -1);
      for (guint w = 0; words[w]; w++)
        {
          GArray *list;
          if (strlen (words[w]) < 3 || strspn (words[w], "0123456789") == strlen (words[w]))
            continue;
          if ((list = g_hash_table_lookup (index, words[w])) == NULL)
            g_hash_table_insert (index, g_strdup (words[w]),
                                 list = g_array_new (FALSE, FALSE, sizeof (guint)));
          if (list->len == 0 || g_array_index (list, guint, list->len - 1) != i)
            g_array_append_val (list, i);
        }
    }
  return index;
}

/* Every organisation's name, for the suppliers of the pairs. */
static GHashTable *
load_supplier_names (sqlite3 *db)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *s = NULL;

  s = swc_db_prepare (
      db, "SELECT uuid, name FROM objects WHERE schema = 'organisatie' AND name IS NOT NULL");
  while (sqlite3_step (s) == SQLITE_ROW)
    g_hash_table_insert (names, g_strdup ((const char *) sqlite3_column_text (s, 0)),
                         g_strdup ((const char *) sqlite3_column_text (s, 1)));
  sqlite3_finalize (s);
  return names;
}

/* The same supplier, the same supplier registered twice (one name), or two different ones. */
static SwcDuplicateReason
compare_suppliers (SwcPackage *a, SwcPackage *b, GHashTable *names)
{
  g_autofree char *ka = NULL, *kb = NULL;

  if (a->supplier == NULL || b->supplier == NULL)
    return 0;
  if (g_str_equal (a->supplier, b->supplier))
    return SWC_DUPLICATE_SUPPLIER;
  ka = swc_duplicates_normalise_name (g_hash_table_lookup (names, a->supplier));
  kb = swc_duplicates_normalise_name (g_hash_table_lookup (names, b->supplier));
  return *ka && g_str_equal (ka, kb) ? SWC_DUPLICATE_SUPPLIER : SWC_DUPLICATE_OTHER_SUPPLIER;
}

static char *
fingerprint (SwcPackage *a, SwcPackage *b)
{
  return g_strdup_printf ("%s|%s", a->version, b->version);
}

static GHashTable *
load_dismissed (sqlite3 *db)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *s = NULL;

  s = swc_db_prepare (db, "SELECT a || '|' || b, fingerprint FROM duplicate_dismissals");
  while (sqlite3_step (s) == SQLITE_ROW)
    g_hash_table_insert (set, g_strdup ((const char *) sqlite3_column_text (s, 0)),
                         g_strdup ((const char *) sqlite3_column_text (s, 1)));
  sqlite3_finalize (s);
  return set;
}

typedef struct
{
  GPtrArray *out;
  GHashTable *seen;
  GHashTable *dismissed;
  GHashTable *suppliers; /* uuid -> name */
} Found;

/* Shown: a likely pair, or the same name (even of two suppliers: low, and said so). */
static gboolean
worth_showing (SwcDuplicateReason r)
{
  return _swc_duplicates_score (r) >= SWC_DUPLICATE_THRESHOLD || (r & SWC_DUPLICATE_NAME);
}

static void
add_pair (Found *f, SwcPackage *a, SwcPackage *b)
{
  SwcPackage *x = strcmp (a->uuid, b->uuid) < 0 ? a : b, *y = x == a ? b : a;
  g_autofree char *key = g_strdup_printf ("%s|%s", x->uuid, y->uuid);
  g_autofree char *print = NULL;
  SwcDuplicateReason r;
  SwcDuplicatePair *pair;
  const char *was;

  if (!g_hash_table_add (f->seen, g_strdup (key)))
    return;
  if ((r = _swc_packages_compare (x, y)) == 0)
    return;
  r = (r & ~SWC_DUPLICATE_SUPPLIER) | compare_suppliers (x, y, f->suppliers);
  if (!worth_showing (r))
    return;
  print = fingerprint (x, y);
  if ((was = g_hash_table_lookup (f->dismissed, key)) != NULL && g_strcmp0 (was, print) == 0)
    return;
  pair = g_new0 (SwcDuplicatePair, 1);
  pair->a = g_strdup (x->uuid);
  pair->b = g_strdup (y->uuid);
  pair->a_name = g_strdup (x->name);
  pair->b_name = g_strdup (y->name);
  pair->a_supplier =
      g_strdup (x->supplier ? g_hash_table_lookup (f->suppliers, x->supplier) : NULL);
  pair->b_supplier =
      g_strdup (y->supplier ? g_hash_table_lookup (f->suppliers, y->supplier) : NULL);
  pair->reasons = r;
  pair->score = _swc_duplicates_score (r);
  g_ptr_array_add (f->out, pair);
}

static gint
by_score (gconstpointer pa, gconstpointer pb)
{
  const SwcDuplicatePair *a = *(SwcDuplicatePair **) pa, *b = *(SwcDuplicatePair **) pb;

  return a->score != b->score ? (gint) b->score - (gint) a->score
                              : g_strcmp0 (a->a_name, b->a_name);
}

typedef struct
{
  char *schema;
  guint limit;
} Pairs;

static void
pairs_free (Pairs *p)
{
  g_free (p->schema);
  g_free (p);
}

static void
pairs_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Pairs *p = data;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = swc_store_open_connection (SWC_STORE (source), &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) index = NULL;
  Found f = { 0 };
  GHashTableIter iter;
  gpointer value;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  all = _swc_packages_load (db, p->schema, "aanbieder");
  f.dismissed = load_dismissed (db);
  f.suppliers = load_supplier_names (db);
  sqlite3_close (db);
  index = by_word (all);
  f.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f.out = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_duplicate_pair_free);
  g_hash_table_iter_init (&iter, index);
  while (g_hash_table_iter_next (&iter, NULL, &value) && !g_cancellable_is_cancelled (cancellable))
    {
      GArray *list = value;
      for (guint i = 0; i < list->len; i++)
        for (guint j = i + 1; j < list->len; j++)
          add_pair (&f, g_ptr_array_index (all, g_array_index (list, guint, i)),
                    g_ptr_array_index (all, g_array_index (list, guint, j)));
    }
  g_ptr_array_sort (f.out, by_score);
  if (f.out->len > p->limit)
    g_ptr_array_set_size (f.out, p->limit);
  g_hash_table_unref (f.seen);
  g_hash_table_unref (f.dismissed);
  g_hash_table_unref (f.suppliers);
  g_task_return_pointer (task, f.out, (GDestroyNotify) g_ptr_array_unref);
}

/* Likely duplicate pairs among the records of schema (packages: "module"), best first, at most
 * limit; computed on a worker thread with its own connection. */
void
swc_duplicates_pairs_async (SwcStore *store, const char *schema, guint limit,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Pairs *p = g_new0 (Pairs, 1);

  g_return_if_fail (SWC_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  p->schema = g_strdup (schema);
  p->limit = limit;
  g_task_set_source_tag (task, swc_duplicates_pairs_async);
  g_task_set_task_data (task, p, (GDestroyNotify) pairs_free);
  g_task_run_in_thread (task, pairs_in_thread);
}

GPtrArray *
swc_duplicates_pairs_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* "Not a duplicate": remembered with both records' versions as they are now. */
gboolean
swc_duplicates_dismiss (SwcStore *store, const char *a, const char *b)
{
  sqlite3 *db;
  const char *x = strcmp (a, b) < 0 ? a : b, *y = x == a ? b : a;
  sqlite3_stmt *s = NULL;
  gboolean ok;

  g_return_val_if_fail (SWC_IS_STORE (store), FALSE);

  db = swc_store_get_db (store);
  s = swc_db_prepare (
      db, "INSERT OR REPLACE INTO duplicate_dismissals (a, b, fingerprint) VALUES (?1, ?2,"
          " (SELECT COALESCE (updated, version, '') FROM objects WHERE uuid = ?1) || '|' ||"
          " (SELECT COALESCE (updated, version, '') FROM objects WHERE uuid = ?2))");
  sqlite3_bind_text (s, 1, x, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, y, -1, SQLITE_STATIC);
  ok = sqlite3_step (s) == SQLITE_DONE;
  sqlite3_finalize (s);
  swc_store_notify_changed (store, NULL);
  return ok;
}
