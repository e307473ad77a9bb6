/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The local store: pages applied in one transaction, references indexed from the schema, search
 * with diacritics folded, a private file, and deletions. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "swc-error.h"
#include "swc-store.h"
#include "swc-store-db.h"

#include <sqlite3.h>

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,11]}]}";
static const char schemas[] =
    "{\"results\":["
    "{\"id\":10,\"slug\":\"organisatie\",\"required\":[\"naam\"],"
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\"},\"deelnemers\":{\"type\":\"array\","
    "\"items\":{\"$ref\":\"organisatie\"}}}},"
    "{\"id\":11,\"slug\":\"gebruik\",\"required\":[],"
    "\"configuration\":{\"objectNameField\":\"afnemer\"},"
    " \"properties\":{\"afnemer\":{\"type\":\"object\","
    "\"$ref\":\"#/components/schemas/organisatie\"}}}]}";

#define ORG_A "aaaaaaaa-0000-4000-8000-000000000001"
#define ORG_B "aaaaaaaa-0000-4000-8000-000000000002"

typedef struct
{
  char *dir;
  SwcStore *store;
  SwcSchemaSet *set;
} Fixture;

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  g_assert_true (json_parser_load_from_data (p, text, -1, NULL));
  return json_node_copy (json_parser_get_root (p));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) r = parse (registers), s = parse (schemas);

  f->dir = g_dir_make_tmp ("swc-store-XXXXXX", NULL);
  path = g_build_filename (f->dir, "sub", "store.db", NULL);
  f->store = swc_store_open (path, &error);
  g_assert_no_error (error);
  f->set = swc_schema_set_new_from_json (r, s, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_finalize_object (f->store);
  swc_schema_set_free (f->set);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

static void
apply (Fixture *f, const char *schema, const char *body, SwcPageResult *r, GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  swc_store_apply_page (swc_store_get_db (f->store), swc_schema_set_lookup (f->set, schema), bytes,
                        SWC_PAGE_FULL, 1, r, error);
}

static void
test_private_file (Fixture *f, gconstpointer data)
{
  struct stat st;

  g_assert_cmpint (stat (swc_store_get_path (f->store), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_apply_search_refs (Fixture *f, gconstpointer data)
{
  SwcPageResult r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  const char *targets[] = { ORG_A, NULL };

  apply (f, "organisatie",
         "{\"results\":[{\"id\":\"" ORG_A "\",\"naam\":\"Gemeente"
         " Súdwest-Fryslân\",\"@self\":{\"updated\":\"2025-01-02T00:00:00+00:00\","
         "\"version\":\"0.0.1\"}},"
         "{\"id\":\"" ORG_B "\",\"naam\":\"Werkorganisatie\",\"deelnemers\":[\"" ORG_A
         "\"],\"@self\":{\"updated\":\"2025-01-03T00:00:00+00:00\"}}],\"total\":2}",
         &r, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r.added, ==, 2);
  g_assert_cmpstr (r.newest, ==, "2025-01-03T00:00:00+00:00");
  swc_page_result_clear (&r);
  apply (f, "gebruik",
         "{\"results\":[{\"id\":\"g1\",\"afnemer\":\"" ORG_A
         "\"},{\"id\":\"g2\",\"afnemer\":\"" ORG_A "\"}]}",
         &r, &error);
  g_assert_no_error (error);
  hits = swc_store_search (f->store, "sudwest", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((SwcSearchHit *) g_ptr_array_index (hits, 0))->name, ==,
                   "Gemeente Súdwest-Fryslân");
  counts = swc_store_reference_counts (f->store, targets, targets);
  g_assert_cmpuint (counts->len, ==, 2);
  g_assert_cmpstr (((SwcRefCount *) g_ptr_array_index (counts, 0))->schema, ==, "gebruik");
  g_assert_cmpint (((SwcRefCount *) g_ptr_array_index (counts, 0))->count, ==, 2);
  g_assert_cmpstr (((SwcRefCount *) g_ptr_array_index (counts, 1))->property, ==, "deelnemers");
  swc_page_result_clear (&r);
}

static void
test_bad_page_changes_nothing (Fixture *f, gconstpointer data)
{
  SwcPageResult r = { 0 };
  g_autoptr(GError) error = NULL;

  apply (f, "organisatie",
         "{\"results\":[{\"id\":\"x1\",\"naam\":\"Eerst\"},{\"naam\":\"zonder id\"}]}", &r, &error);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_MALFORMED);
  g_assert_cmpint (swc_store_count (swc_store_get_db (f->store), NULL), ==, 0);
}

static void
test_update_and_delete (Fixture *f, gconstpointer data)
{
  SwcPageResult r = { 0 };
  g_autoptr(GHashTable) server = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) hits = NULL;

  apply (f, "organisatie",
         "{\"results\":[{\"id\":\"" ORG_A "\",\"naam\":\"Oud\",\"@self\":{\"updated\":\"1\"}},"
         "{\"id\":\"" ORG_B "\",\"naam\":\"Blijft\",\"@self\":{\"updated\":\"1\"}}]}",
         &r, NULL);
  swc_page_result_clear (&r);
  apply (f, "organisatie",
         "{\"results\":[{\"id\":\"" ORG_A "\",\"naam\":\"Nieuw\",\"@self\":{\"updated\":\"2\"}},"
         "{\"id\":\"" ORG_B "\",\"naam\":\"Blijft\",\"@self\":{\"updated\":\"1\"}}]}",
         &r, NULL);
  g_assert_cmpuint (r.updated, ==, 1);
  g_assert_cmpuint (r.unchanged, ==, 1);
  swc_page_result_clear (&r);
  hits = swc_store_search (f->store, "oud", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  g_hash_table_add (server, (gpointer) ORG_B);
  g_assert_cmpuint (swc_store_delete_missing (swc_store_get_db (f->store), "organisatie", server),
                    ==, 1);
  {
    g_autofree char *gone = swc_store_object_json (f->store, ORG_A);
    g_autofree char *kept = swc_store_object_json (f->store, ORG_B);
    g_assert_null (gone);
    g_assert_nonnull (kept);
  }
}

/* A 2026 register comes into the store's words; the GEMMA register's own "organization" keeps its
 * name. */
static void
test_schema_vocabulary (void)
{
  g_autoptr(JsonNode) r =
      parse ("{\"results\":[{\"id\":3,\"slug\":\"stackiq\",\"title\":\"Voorzieningen\","
             "\"schemas\":[10,13]},{\"id\":4,\"slug\":\"vng-gemma\",\"schemas\":[20]}]}");
  g_autoptr(JsonNode) s2026 = parse (
      "{\"results\":[{\"id\":10,\"slug\":\"organization\",\"required\":[\"name\",\"type\"],"
      "\"configuration\":{\"objectNameField\":\"name\"},\"properties\":"
      "{\"name\":{\"type\":\"string\"},\"status\":{\"type\":\"string\","
      "\"enum\":[\"Draft\",\"Active\",\"Inactive\",\"merged\"],\"default\":\"Draft\"},"
      "\"participants\":{\"type\":\"array\","
      "\"items\":{\"$ref\":\"#/components/schemas/organization\"}}}},"
      "{\"id\":13,\"slug\":\"usage\",\"properties\":{\"consumer\":{\"type\":\"string\","
      "\"$ref\":\"organization\"}}},"
      "{\"id\":20,\"slug\":\"organization\",\"properties\":{\"label\":{\"type\":\"string\"}}}]}");
  g_autoptr(SwcSchemaSet) set = swc_schema_set_new_from_json (r, s2026, NULL);
  g_autoptr(JsonNode) none = parse ("{\"results\":[]}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) statuses = NULL;
  SwcSchema *org, *usage;

  g_assert_nonnull (set);
  g_assert_cmpint (set->dialect, ==, SWC_DIALECT_2026);
  org = swc_schema_set_lookup (set, "organisatie");
  usage = swc_schema_set_lookup (set, "gebruik");
  g_assert_nonnull (org);
  g_assert_nonnull (usage);
  g_assert_cmpstr (org->server_slug, ==, "organization");
  g_assert_cmpstr (org->register_slug, ==, "voorzieningen");
  g_assert_cmpstr (org->name_field, ==, "naam");
  g_assert_true (g_hash_table_contains (org->required, "naam"));
  g_assert_true (g_hash_table_contains (org->required, "type")); /* a name that stays */
  g_assert_nonnull (swc_schema_property (org, "deelnemers"));
  g_assert_null (swc_schema_property (org, "participants"));
  statuses = swc_schema_enum (org, "status");
  g_assert_cmpstrv (statuses,
                    ((const char *[]){ "Concept", "Actief", "Deactief", "samengevoegd", NULL }));
  g_assert_cmpuint (org->refs->len, ==, 1);
  g_assert_cmpstr (((SwcRef *) g_ptr_array_index (org->refs, 0))->target, ==, "organisatie");
  g_assert_cmpstr (((SwcRef *) g_ptr_array_index (usage->refs, 0))->property, ==, "afnemer");
  g_assert_cmpstr (swc_schema_set_field (set, SWC_FIELD_PARTICIPANTS), ==, "deelnemers");
  g_assert_nonnull (swc_schema_set_lookup (set, "organization")); /* GEMMA's, untranslated */
  g_assert_nonnull (swc_schema_property (swc_schema_set_lookup (set, "organization"), "label"));
  g_assert_null (swc_schema_set_new_from_json (r, none, &error));
  g_assert_error (error, SWC_ERROR, SWC_ERROR_NOT_A_BACKEND);
}

static gint64
count_sql (SwcStore *store, const char *sql)
{
  sqlite3_stmt *s = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (swc_store_get_db (store), sql, -1, &s, NULL), ==, SQLITE_OK);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return n;
}

/* A first sync into an empty store builds the uuid index once at the end: an object two pages both
 * carried (paging shifts when the server changes meanwhile) is kept once, as its last copy, with
 * its references; a store left half-loaded by a kill gets the same repair when it is opened again.
 */
static void
test_bulk_load (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SwcPageResult r = { 0 };
  g_autofree char *path = g_strdup (swc_store_get_path (f->store));
  g_autofree char *json = NULL;
  const char *index_sql = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'objects_uuid'";

  g_assert_cmpint (count_sql (f->store, index_sql), ==, 1);
  swc_store_begin_bulk_load (f->store);
  g_assert_cmpint (count_sql (f->store, index_sql), ==, 0);
  apply (f, "organisatie",
         "{\"results\":[{\"id\":\"" ORG_A "\",\"naam\":\"Oud\"},"
         "{\"id\":\"" ORG_B "\",\"naam\":\"Bee\",\"deelnemers\":[\"" ORG_A "\"]}]}",
         &r, &error);
  g_assert_no_error (error);
  swc_page_result_clear (&r);
  apply (f, "organisatie", "{\"results\":[{\"id\":\"" ORG_A "\",\"naam\":\"Nieuw\"}]}", &r, &error);
  g_assert_no_error (error);
  swc_page_result_clear (&r);
  g_assert_cmpint (count_sql (f->store, "SELECT COUNT(*) FROM objects"), ==,
                   3); /* the repeat, for now */
  swc_store_end_bulk_load (swc_store_get_db (f->store));
  g_assert_cmpint (count_sql (f->store, index_sql), ==, 1);
  g_assert_cmpint (count_sql (f->store, "SELECT COUNT(*) FROM objects"), ==, 2);
  json = swc_store_object_json (f->store, ORG_A);
  g_assert_nonnull (strstr (json, "Nieuw"));
  g_assert_cmpint (count_sql (f->store, "SELECT COUNT(*) FROM refs WHERE target = '" ORG_A "'"), ==,
                   1);
  g_assert_cmpint (count_sql (f->store, "SELECT COUNT(*) FROM search WHERE search MATCH 'oud'"), ==,
                   0);

  /* killed half-way: reopened, the store is whole again */
  swc_store_begin_bulk_load (f->store);
  g_assert_cmpint (count_sql (f->store, index_sql), ==, 1); /* not empty: nothing dropped */
  g_assert_cmpint (sqlite3_exec (swc_store_get_db (f->store),
                                 "DROP INDEX objects_uuid; INSERT INTO objects (uuid, schema,"
                                 " json) VALUES ('" ORG_B "', 'organisatie', '{}')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_clear_object (&f->store);
  f->store = swc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f->store, index_sql), ==, 1);
  g_assert_cmpint (count_sql (f->store, "SELECT COUNT(*) FROM objects"), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/store/private-file", Fixture, NULL, setup, test_private_file, teardown);
  g_test_add ("/store/apply-search-refs", Fixture, NULL, setup, test_apply_search_refs, teardown);
  g_test_add ("/store/bad-page-changes-nothing", Fixture, NULL, setup,
              test_bad_page_changes_nothing, teardown);
  g_test_add ("/store/update-and-delete", Fixture, NULL, setup, test_update_and_delete, teardown);
  g_test_add ("/store/bulk-load", Fixture, NULL, setup, test_bulk_load, teardown);
  g_test_add_func ("/schema/vocabulary", test_schema_vocabulary);
  return g_test_run ();
}
