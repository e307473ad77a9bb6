/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Likely duplicates: the same KvK number, website domain or normalised name, scored and explained.
 */
#include "config.h"

#include <string.h>

#include "swc-concepts.h"
#include "swc-duplicates.h"
#include "swc-object-model.h"
#include "swc-test-store.h"
#include "swc-store-db.h"

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10]}]}";
static const char schemas[] = "{\"results\":[{\"id\":10,\"slug\":\"organisatie\","
                              "\"configuration\":{\"objectNameField\":\"naam\"},"
                              "\"properties\":{\"naam\":{\"type\":\"string\"}}}]}";

static void
test_normalise (void)
{
  g_autofree char *a = swc_duplicates_normalise_name ("Centric B.V.");
  g_autofree char *b = swc_duplicates_normalise_name ("Gemeente Súdwest-Fryslân");
  g_autofree char *d = swc_duplicates_domain ("https://www.Centric.eu/over-ons");
  g_autofree char *e = swc_duplicates_domain ("centric.eu");

  g_assert_cmpstr (a, ==, "centric");
  g_assert_cmpstr (b, ==, "sudwest fryslan");
  g_assert_cmpstr (d, ==, "centric.eu");
  g_assert_cmpstr (e, ==, "centric.eu");
  g_assert_null (swc_duplicates_domain (""));
}

static void
found_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GPtrArray **out = data;
  g_autoptr(GError) error = NULL;

  *out = swc_duplicates_find_finish (result, &error);
  g_assert_no_error (error);
}

static GPtrArray *
find (SwcStore *store, const char *uuid, const char *kvk, const char *website, const char *name)
{
  GPtrArray *found = NULL;

  swc_duplicates_find_async (store, uuid, kvk, website, name, 10, NULL, found_cb, &found);
  while (found == NULL)
    g_main_context_iteration (NULL, TRUE);
  return found;
}

static void
test_candidates (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-dup-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(JsonParser) pr = json_parser_new (), ps = json_parser_new ();
  g_autoptr(SwcSchemaSet) set = NULL;
  const char *page =
      "{\"results\":["
      "{\"id\":\"c1\",\"naam\":\"Centric"
      " B.V.\",\"kvkNummer\":\"12345678\",\"website\":\"https://centric.eu/nieuw\"},"
      "{\"id\":\"o1\",\"naam\":\"Centric\",\"kvkNummer\":\"12345678\","
      "\"website\":\"https://www.centric.eu\"},"
      "{\"id\":\"o2\",\"naam\":\"Centric Holding\",\"website\":\"https://other.example\"},"
      "{\"id\":\"o3\",\"naam\":\"Visma"
      " Roxit\",\"kvkNummer\":\"87654321\",\"website\":\"https://roxit.nl\"},"
      "{\"id\":\"o4\",\"naam\":\"Ander bedrijf\",\"website\":\"https://centric.eu\"}]}";
  g_autoptr(GBytes) bytes = g_bytes_new (page, strlen (page));
  g_autoptr(GPtrArray) found = NULL;
  SwcPageResult r = { 0 };
  SwcDuplicate *best;
  g_autofree char *why = NULL;

  json_parser_load_from_data (pr, registers, -1, NULL);
  json_parser_load_from_data (ps, schemas, -1, NULL);
  set = swc_schema_set_new_from_json (json_parser_get_root (pr), json_parser_get_root (ps), NULL);
  swc_store_apply_page (swc_store_get_db (store), swc_schema_set_lookup (set, "organisatie"), bytes,
                        SWC_PAGE_IDS, 0, &r, NULL);
  swc_page_result_clear (&r);
  found = swc_duplicates_for (store, "c1", 5);
  g_assert_cmpuint (found->len, ==, 3); /* not Visma Roxit */
  best = g_ptr_array_index (found, 0);
  g_assert_cmpstr (best->uuid, ==, "o1");
  g_assert_cmpuint (best->score, ==, 100);
  why = swc_duplicate_explain (best);
  g_assert_cmpstr (why, ==, "same KvK number, same website domain, same name");
  g_assert_cmpstr (((SwcDuplicate *) g_ptr_array_index (found, 1))->uuid, ==,
                   "o2"); /* the name only */
  g_assert_cmpstr (((SwcDuplicate *) g_ptr_array_index (found, 2))->uuid, ==,
                   "o4"); /* the domain only */

  /* an organisation being made, before it has an id: all four look like it except Visma Roxit */
  {
    g_autoptr(GPtrArray) like =
        swc_duplicates_like (store, "12345678", "www.centric.eu", "Centric BV", 10);
    g_autoptr(GPtrArray) none =
        swc_duplicates_like (store, NULL, "", "Gemeente Nergenshuizen", 10);
    g_assert_cmpuint (like->len, ==, 4);
    g_assert_cmpuint (((SwcDuplicate *) g_ptr_array_index (like, 0))->score, ==, 100);
    g_assert_cmpuint (none->len, ==, 0);
  }
  /* the same on a worker thread, for the pages: of an existing one, and of one being made */
  {
    g_autoptr(GPtrArray) of_c1 = find (store, "c1", NULL, NULL, NULL);
    g_autoptr(GPtrArray) like = find (store, NULL, "12345678", "www.centric.eu", "Centric BV");
    g_autoptr(GPtrArray) unknown = find (store, "nobody", NULL, NULL, NULL);
    g_assert_cmpuint (of_c1->len, ==, 3);
    g_assert_cmpstr (((SwcDuplicate *) g_ptr_array_index (of_c1, 0))->uuid, ==, "o1");
    g_assert_cmpuint (like->len, ==, 4);
    g_assert_cmpuint (unknown->len, ==, 0);
  }
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

static const char module_registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,12]}]}";
static const char module_schemas[] =
    "{\"results\":[{\"id\":10,\"slug\":\"organisatie\","
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    "\"properties\":{\"naam\":{\"type\":\"string\"}}},"
    "{\"id\":12,\"slug\":\"module\",\"configuration\":{\"objectNameField\":\"naam\"},"
    "\"properties\":{\"naam\":{\"type\":\"string\"},\"website\":{\"type\":\"string\"},"
    "\"aanbieder\":{\"type\":\"string\"}}}]}";

static void
pairs_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GPtrArray **out = data;
  g_autoptr(GError) error = NULL;

  *out = swc_duplicates_pairs_finish (result, &error);
  g_assert_no_error (error);
}

static GPtrArray *
pairs (SwcStore *store)
{
  GPtrArray *found = NULL;

  swc_duplicates_pairs_async (store, "module", 50, NULL, pairs_cb, &found);
  while (found == NULL)
    g_main_context_iteration (NULL, TRUE);
  return found;
}

/* Packages: the same name (case and accents aside) with the same supplier is the strongest pair;
 * names that differ only in their number are no pair; "not a duplicate" keeps a pair away until one
 * of them changes. */
static void
test_package_pairs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-pairs-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(SwcSchemaSet) set = swc_test_schemas (module_registers, module_schemas);
  g_autoptr(GPtrArray) first = NULL, second = NULL, third = NULL;
  SwcDuplicatePair *p;

  swc_test_apply (store, set, "module",
                  "{\"results\":["
                  "{\"id\":\"m1\",\"naam\":\"Zaaksysteem"
                  " Één\",\"aanbieder\":\"s1\",\"@self\":{\"updated\":\"2026-01-01\"}},"
                  "{\"id\":\"m2\",\"naam\":\"zaaksysteem"
                  " een\",\"aanbieder\":\"s1\",\"@self\":{\"updated\":\"2026-01-01\"}},"
                  "{\"id\":\"m3\",\"naam\":\"Zaaksysteem 7\",\"aanbieder\":\"s2\"},"
                  "{\"id\":\"m4\",\"naam\":\"Zaaksysteem 12\",\"aanbieder\":\"s2\"},"
                  "{\"id\":\"m5\",\"naam\":\"Burgerportaal Plus\",\"aanbieder\":\"s3\"},"
                  "{\"id\":\"m6\",\"naam\":\"Burgerportaal\",\"aanbieder\":\"s4\"}]}");
  first = pairs (store);
  g_assert_cmpuint (first->len, ==, 1);
  p = g_ptr_array_index (first, 0);
  g_assert_cmpstr (p->a, ==, "m1");
  g_assert_cmpstr (p->b, ==, "m2");
  g_assert_true (p->reasons & SWC_DUPLICATE_NAME);
  g_assert_true (p->reasons & SWC_DUPLICATE_SUPPLIER);
  g_assert_cmpuint (p->score, >, 60);

  g_assert_true (swc_duplicates_dismiss (store, "m2", "m1"));
  second = pairs (store);
  g_assert_cmpuint (second->len, ==, 0);
  swc_test_apply (store, set, "module",
                  "{\"results\":[{\"id\":\"m2\",\"naam\":\"zaaksysteem een\","
                  "\"aanbieder\":\"s1\",\"@self\":{\"updated\":\"2026-02-01\"}}]}");
  third = pairs (store);
  g_assert_cmpuint (third->len, ==, 1); /* it changed: the pair is back */
}

/* Step 2.2's order: the same name with the same supplier first (also one supplier registered twice
 * under one name), then the same name where a supplier is unknown; the same name of two different
 * suppliers last, well below the rest, said so ("other supplier"), with both suppliers' names. */
static void
test_package_pairs_suppliers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-pairs-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(SwcSchemaSet) set = swc_test_schemas (module_registers, module_schemas);
  g_autoptr(GPtrArray) found = NULL;
  SwcDuplicatePair *same, *twice, *unknown, *other;
  g_autofree char *why = NULL;

  swc_test_apply (store, set, "organisatie",
                  "{\"results\":["
                  "{\"id\":\"s1\",\"naam\":\"Centric\"},{\"id\":\"s2\",\"naam\":\"Unit4\"},"
                  "{\"id\":\"s3\",\"naam\":\"Decos B.V.\"},{\"id\":\"s4\",\"naam\":\"Decos\"}]}");
  swc_test_apply (store, set, "module",
                  "{\"results\":["
                  "{\"id\":\"a1\",\"naam\":\"Afvalportaal\",\"aanbieder\":\"s1\"},"
                  "{\"id\":\"a2\",\"naam\":\"afvalportaal\",\"aanbieder\":\"s2\"},"
                  "{\"id\":\"b1\",\"naam\":\"Belastingmanager\",\"aanbieder\":\"s1\"},"
                  "{\"id\":\"b2\",\"naam\":\"Belastingmanager\",\"aanbieder\":\"s1\"},"
                  "{\"id\":\"c1\",\"naam\":\"Documentplatform\",\"aanbieder\":\"s3\"},"
                  "{\"id\":\"c2\",\"naam\":\"Documentplatform\",\"aanbieder\":\"s4\"},"
                  "{\"id\":\"d1\",\"naam\":\"Jeugdmodule\",\"aanbieder\":\"s2\"},"
                  "{\"id\":\"d2\",\"naam\":\"Jeugdmodule\"}]}");
  found = pairs (store);
  g_assert_cmpuint (found->len, ==, 4);
  same = g_ptr_array_index (found, 0);
  twice = g_ptr_array_index (found, 1);
  unknown = g_ptr_array_index (found, 2);
  other = g_ptr_array_index (found, 3);
  g_assert_cmpstr (same->a, ==, "b1");
  g_assert_cmpstr (same->a_supplier, ==, "Centric");
  g_assert_cmpstr (same->b_supplier, ==, "Centric");
  g_assert_cmpstr (twice->a, ==, "c1");
  g_assert_true (twice->reasons & SWC_DUPLICATE_SUPPLIER);
  g_assert_cmpstr (twice->b_supplier, ==, "Decos");
  g_assert_cmpstr (unknown->a, ==, "d1");
  g_assert_null (unknown->b_supplier);
  g_assert_cmpstr (other->a, ==, "a1");
  g_assert_true (other->reasons & SWC_DUPLICATE_NAME);
  g_assert_true (other->reasons & SWC_DUPLICATE_OTHER_SUPPLIER);
  g_assert_cmpstr (other->a_supplier, ==, "Centric");
  g_assert_cmpstr (other->b_supplier, ==, "Unit4");
  g_assert_cmpuint (same->score, >, unknown->score);
  g_assert_cmpuint (unknown->score, >=, other->score + 30);
  {
    SwcDuplicate d = { .reasons = other->reasons };
    why = swc_duplicate_explain (&d);
  }
  g_assert_cmpstr (why, ==, "same name, other supplier");
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

static const char concept_schemas[] =
    "{\"results\":[{\"id\":10,\"slug\":\"organisatie\","
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    "\"properties\":{\"naam\":{\"type\":\"string\"},\"website\":{\"type\":\"string\"}}},"
    "{\"id\":12,\"slug\":\"module\",\"configuration\":{\"objectNameField\":\"naam\"},"
    "\"properties\":{\"naam\":{\"type\":\"string\"},\"aanbieder\":{\"type\":\"object\","
    "\"$ref\":\"organisatie\"}}}]}";

static void
matches_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcConceptMatches **out = data;
  g_autoptr(GError) error = NULL;

  *out = swc_concept_matches_finish (result, &error);
  g_assert_no_error (error);
}

/* Step 3.1: a package registered under a concept supplier (or, in 2026 data, registered by a
 * municipality) is a concept package; its matches are the package of the same name and the active
 * supplier of the same name and website first, then the supplier of the package it looks like. */
static void
test_concept_matches (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-concepts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(SwcSchemaSet) set = swc_test_schemas (module_registers, concept_schemas);
  g_autoptr(SwcObjectModel) model = NULL;
  g_autoptr(SwcConceptMatches) m = NULL;
  SwcDuplicate *d;

  swc_test_apply (
      store, set, "organisatie",
      "{\"results\":["
      "{\"id\":\"sc\",\"naam\":\"Centric"
      " B.V.\",\"type\":\"Leverancier\",\"status\":\"concept\",\"website\":\"centric.nl\"},"
      "{\"id\":\"sa\",\"naam\":\"Centric\",\"type\":\"Leverancier\",\"status\":\"Actief\","
      "\"website\":\"https://www.centric.nl\"},"
      "{\"id\":\"sb\",\"naam\":\"Visma\",\"type\":\"Leverancier\",\"status\":\"Actief\","
      "\"website\":\"https://visma.nl\"},"
      "{\"id\":\"sd\",\"naam\":\"Oud"
      " B.V.\",\"type\":\"Leverancier\",\"status\":\"Deactief\",\"website\":\"centric.nl\"}]}");
  swc_test_apply (store, set, "module",
                  "{\"results\":["
                  "{\"id\":\"mc\",\"naam\":\"zaaksysteem pro\",\"aanbieder\":\"sc\"},"
                  "{\"id\":\"m1\",\"naam\":\"Zaaksysteem Pro\",\"aanbieder\":\"sb\"},"
                  "{\"id\":\"m2\",\"naam\":\"Burgerportaal\",\"aanbieder\":\"sa\"},"
                  "{\"id\":\"m3\",\"naam\":\"Raadsinformatie\",\"aanbieder\":\"sa\","
                  "\"registeredBy\":\"Gemeente\"}]}");
  model = swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_APPLICATION,
                                                    .subset = SWC_SUBSET_CONCEPT_PACKAGES });
  /* mc, and m3: registered by a municipality */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  swc_concept_matches_async (store, "mc", NULL, matches_cb, &m);
  while (m == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (m->packages->len, ==, 1);
  d = g_ptr_array_index (m->packages, 0);
  g_assert_cmpstr (d->uuid, ==, "m1");
  g_assert_true (d->reasons & SWC_DUPLICATE_NAME);
  g_assert_cmpuint (m->suppliers->len, ==,
                    2); /* not the concept supplier itself, not an inactive one */
  d = g_ptr_array_index (m->suppliers, 0);
  g_assert_cmpstr (d->uuid, ==, "sa");
  g_assert_cmpuint (d->reasons, ==, SWC_DUPLICATE_NAME | SWC_DUPLICATE_DOMAIN);
  d = g_ptr_array_index (m->suppliers, 1);
  g_assert_cmpstr (d->uuid, ==, "sb");
  g_assert_cmpuint (d->reasons, ==, SWC_DUPLICATE_SUPPLIES);
  g_assert_cmpuint (swc_concept_usage_count (store, "mc"), ==, 0);
}

/* From a 2026 backend a package registered by a municipality is a concept package by its
 * registeredBy (the objects in the store's words, as the client translated them). */
static void
test_concept_packages_2026 (void)
{
  static const char registers_2026[] =
      "{\"results\":[{\"id\":3,\"slug\":\"stackiq\",\"schemas\":[10,12]}]}";
  static const char schemas_2026[] =
      "{\"results\":[{\"id\":10,\"slug\":\"organization\","
      "\"configuration\":{\"objectNameField\":\"contactsUid\"},"
      "\"properties\":{\"name\":{\"type\":\"string\"}}},"
      "{\"id\":12,\"slug\":\"module\",\"configuration\":{\"objectNameField\":\"name\"},"
      "\"properties\":{\"name\":{\"type\":\"string\"},\"provider\":{\"type\":\"object\","
      "\"$ref\":\"organization\"}}}]}";
  g_autofree char *dir = g_dir_make_tmp ("swc-concepts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(SwcSchemaSet) set = swc_test_schemas (registers_2026, schemas_2026);
  g_autoptr(SwcObjectModel) model = NULL;

  swc_test_apply (store, set, "organisatie",
                  "{\"results\":["
                  "{\"id\":\"sc\",\"naam\":\"Nieuw\",\"status\":\"Concept\"},{\"id\":\"sa\","
                  "\"naam\":\"Oud\",\"status\":\"Actief\"}]}");
  swc_test_apply (
      store, set, "module",
      "{\"results\":["
      "{\"id\":\"m1\",\"naam\":\"Een\",\"aanbieder\":\"sc\"},"
      "{\"id\":\"m2\",\"naam\":\"Twee\",\"aanbieder\":\"sa\",\"registeredBy\":\"Samenwerking\"},"
      "{\"id\":\"m3\",\"naam\":\"Drie\",\"aanbieder\":\"sa\",\"registeredBy\":\"Leverancier\"}]}");
  model = swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_APPLICATION,
                                                    .subset = SWC_SUBSET_CONCEPT_PACKAGES });
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2); /* m1 and m2 */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/duplicates/normalise", test_normalise);
  g_test_add_func ("/duplicates/candidates", test_candidates);
  g_test_add_func ("/duplicates/package-pairs", test_package_pairs);
  g_test_add_func ("/duplicates/package-pairs-suppliers", test_package_pairs_suppliers);
  g_test_add_func ("/duplicates/concept-matches", test_concept_matches);
  g_test_add_func ("/duplicates/concept-packages-2026", test_concept_packages_2026);
  return g_test_run ();
}
