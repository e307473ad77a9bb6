/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 3.1: concept packages. A package a municipality or collaboration registered instead of its
 * supplier: in the 2025 data a module whose supplier (aanbieder) is an organisation still in status
 * Concept — the supplier they registered along with it — and in the 2026 data a module with
 * registeredBy Gemeente or Samenwerking (api.md, "Concept-pakket"). It is checked by merging it
 * into the package it duplicates, or by handing it over to the real supplier; this file finds both
 * candidates. */
#define G_LOG_DOMAIN "swc-concepts"

#include "config.h"

#include <string.h>

#include "swc-concepts.h"
#include "swc-duplicates-private.h"
#include "swc-db.h"

#define MAX_MATCHES 5

/* The concept packages as a condition over the objects table, for the object model on applications.
 * Written from the few concept suppliers to their packages through the reference index, so it costs
 * milliseconds at any size (a test of each package's supplier costs a quarter of a second at 61,000
 * packages). A 2026 backend's registeredBy says it too (the store holds it in its own words,
 * whichever backend sent it); that test reads every package: an index on it is still to come. */
char *
swc_concept_packages_condition (void)
{
  return g_strdup_printf (
      "rowid IN (SELECT r.source FROM objects s JOIN refs r ON r.target = s.uuid WHERE s.schema ="
      " '%s'"
      " AND s.deleted = 0 AND lower(json_extract(s.json, '$.%s')) = lower('%s') AND r.property ="
      " '%s')"
      " OR json_extract(json, '$.%s') IN ('%s', '%s')",
      swc_kind_slug (SWC_KIND_ORGANISATION), swc_field_key (SWC_FIELD_STATUS),
      swc_org_status_value (SWC_ORG_STATUS_DRAFT), swc_field_key (SWC_FIELD_PROVIDER),
      swc_field_key (SWC_FIELD_REGISTERED_BY), swc_org_type_value (SWC_ORG_TYPE_MUNICIPALITY),
      swc_org_type_value (SWC_ORG_TYPE_COLLABORATION));
}

typedef struct
{
  char *uuid;
  char *name;
  char *key; /* normalised name */
  char *domain;
  gboolean active; /* a supplier in status Actief: one a package can be handed over to */
} Supplier;

static void
supplier_free (Supplier *s)
{
  g_free (s->uuid);
  g_free (s->name);
  g_free (s->key);
  g_free (s->domain);
  g_free (s);
}

/* uuid -> Supplier, every organisation of type Leverancier */
static GHashTable *
load_suppliers (sqlite3 *db)
{
  GHashTable *all =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) supplier_free);
  sqlite3_stmt *s = NULL;

  s = swc_db_prepare (
      db, "SELECT uuid, name, json_extract(json, '$.website'),"
          " lower(json_extract(json, '$.status')) = 'actief'"
          " FROM objects WHERE schema = 'organisatie' AND deleted = 0 AND name IS NOT NULL"
          " AND json_extract(json, '$.type') = 'Leverancier'");
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      Supplier *sup = g_new0 (Supplier, 1);
      sup->uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
      sup->name = g_strdup ((const char *) sqlite3_column_text (s, 1));
      sup->key = swc_duplicates_normalise_name (sup->name);
      sup->domain = swc_duplicates_domain ((const char *) sqlite3_column_text (s, 2));
      sup->active = sqlite3_column_int (s, 3);
      g_hash_table_insert (all, sup->uuid, sup);
    }
  sqlite3_finalize (s);
  return all;
}

static SwcDuplicate *
duplicate_new (const char *uuid, const char *name, SwcDuplicateReason reasons)
{
  SwcDuplicate *d = g_new0 (SwcDuplicate, 1);

  d->uuid = g_strdup (uuid);
  d->name = g_strdup (name);
  d->reasons = reasons;
  d->score = _swc_duplicates_score (reasons);
  return d;
}

static gint
by_score (gconstpointer pa, gconstpointer pb)
{
  const SwcDuplicate *a = *(SwcDuplicate **) pa, *b = *(SwcDuplicate **) pb;

  return a->score != b->score ? (gint) b->score - (gint) a->score : g_strcmp0 (a->name, b->name);
}

static void
keep_best (GPtrArray *list)
{
  g_ptr_array_sort (list, by_score);
  if (list->len > MAX_MATCHES)
    g_ptr_array_set_size (list, MAX_MATCHES);
}

/* Packages like the concept package. Its supplier is a concept organisation, so "the same supplier"
 * means a supplier of the same name. */
static GPtrArray *
match_packages (GPtrArray *all, SwcPackage *concept, GHashTable *suppliers)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_duplicate_free);
  Supplier *mine = concept->supplier ? g_hash_table_lookup (suppliers, concept->supplier) : NULL;

  for (guint i = 0; i < all->len; i++)
    {
      SwcPackage *p = g_ptr_array_index (all, i);
      SwcDuplicateReason r;
      Supplier *theirs;
      if (p == concept || (r = _swc_packages_compare (concept, p)) == 0)
        continue;
      theirs = p->supplier ? g_hash_table_lookup (suppliers, p->supplier) : NULL;
      if (mine && theirs && *mine->key && g_str_equal (mine->key, theirs->key))
        r |= SWC_DUPLICATE_SUPPLIER;
      if (_swc_duplicates_score (r) >= SWC_DUPLICATE_THRESHOLD)
        g_ptr_array_add (out, duplicate_new (p->uuid, p->name, r));
    }
  keep_best (out);
  return out;
}

/* Active suppliers the package may be handed over to: like the supplier that was registered with it
 * (name, website), or supplying one of the packages it looks like. */
static GPtrArray *
match_suppliers (GPtrArray *all, SwcPackage *concept, GHashTable *suppliers, GPtrArray *packages)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_duplicate_free);
  Supplier *mine = concept->supplier ? g_hash_table_lookup (suppliers, concept->supplier) : NULL;
  g_autoptr(GHashTable) supplying = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < packages->len; i++)
    for (guint j = 0; j < all->len; j++)
      {
        SwcPackage *p = g_ptr_array_index (all, j);
        if (p->supplier &&
            g_str_equal (p->uuid, ((SwcDuplicate *) g_ptr_array_index (packages, i))->uuid))
          g_hash_table_add (supplying, p->supplier);
      }
  g_hash_table_iter_init (&iter, suppliers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Supplier *s = value;
      SwcDuplicateReason r = 0;
      if (!s->active || s == mine)
        continue;
      if (mine && *mine->key && g_str_equal (mine->key, s->key))
        r |= SWC_DUPLICATE_NAME;
      else if (mine && *mine->key && swc_duplicates_word_overlap (mine->key, s->key) >= 0.75)
        r |= SWC_DUPLICATE_LIKE;
      if (mine && mine->domain && s->domain && g_str_equal (mine->domain, s->domain))
        r |= SWC_DUPLICATE_DOMAIN;
      if (g_hash_table_contains (supplying, s->uuid))
        r |= SWC_DUPLICATE_SUPPLIES;
      if (r != 0)
        g_ptr_array_add (out, duplicate_new (s->uuid, s->name, r));
    }
  keep_best (out);
  return out;
}

void
swc_concept_matches_free (SwcConceptMatches *m)
{
  if (m == NULL)
    return;
  g_ptr_array_unref (m->packages);
  g_ptr_array_unref (m->suppliers);
  g_free (m);
}

static void
matches_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = swc_store_open_connection (SWC_STORE (source), &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) suppliers = NULL;
  SwcConceptMatches *m;
  SwcPackage *concept = NULL;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  all = _swc_packages_load (db, "module", "aanbieder");
  suppliers = load_suppliers (db);
  sqlite3_close (db);
  for (guint i = 0; concept == NULL && i < all->len; i++)
    if (g_str_equal (((SwcPackage *) g_ptr_array_index (all, i))->uuid, data))
      concept = g_ptr_array_index (all, i);
  m = g_new0 (SwcConceptMatches, 1);
  m->packages = concept ? match_packages (all, concept, suppliers)
                        : g_ptr_array_new_with_free_func ((GDestroyNotify) swc_duplicate_free);
  m->suppliers = concept ? match_suppliers (all, concept, suppliers, m->packages)
                         : g_ptr_array_new_with_free_func ((GDestroyNotify) swc_duplicate_free);
  g_task_return_pointer (task, m, (GDestroyNotify) swc_concept_matches_free);
}

/* The packages like the concept package uuid and the suppliers it may go to; compared with every
 * package and supplier on a worker thread with its own connection. */
void
swc_concept_matches_async (SwcStore *store, const char *uuid, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SWC_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_concept_matches_async);
  g_task_set_task_data (task, g_strdup (uuid), g_free);
  g_task_run_in_thread (task, matches_in_thread);
}

SwcConceptMatches *
swc_concept_matches_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* How many registrations of usage point at the package (the reference index). */
guint
swc_concept_usage_count (SwcStore *store, const char *uuid)
{
  sqlite3_stmt *s = NULL;
  guint n = 0;

  g_return_val_if_fail (SWC_IS_STORE (store), 0);

  s = swc_db_prepare (swc_store_get_db (store),
                      "SELECT COUNT(*) FROM refs r JOIN objects o ON o.rowid = r.source"
                      " WHERE r.target = ? AND o.schema = 'gebruik' AND o.deleted = 0");
  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  return n;
}
