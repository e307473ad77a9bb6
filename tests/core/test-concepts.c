/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Concept packages (step 3.1) in the core: a package is one when its supplier still waits for
 * review or a municipality or collaboration registered it; for one, the packages it looks like and
 * the active suppliers it may belong to (not the one it was registered with, nor an inactive one);
 * and how many registrations of usage point at it. */
#include "config.h"

#include "swc-concepts.h"
#include "swc-object-model.h"
#include "swc-paths.h"
#include "swc-test-store.h"

#define ORG_R "aaaaaaaa-0000-4000-8000-000000000001" /* registered, waits for review */
#define ORG_S "aaaaaaaa-0000-4000-8000-000000000002" /* active, like R */
#define ORG_T "aaaaaaaa-0000-4000-8000-000000000003" /* inactive, like R */
#define ORG_G "aaaaaaaa-0000-4000-8000-000000000004" /* a municipality */
#define PACKAGE "eeeeeeee-0000-4000-8000-000000000001"
#define REGISTERED "eeeeeeee-0000-4000-8000-000000000002"
#define OWN "eeeeeeee-0000-4000-8000-000000000003"

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,13,12]}]}";
static const char schemas[] =
    "{\"results\":["
    "{\"id\":10,\"slug\":\"organisatie\",\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\"},\"website\":{\"type\":\"string\"},"
    "  \"type\":{\"type\":\"string\"},\"status\":{\"type\":\"string\"}}},"
    "{\"id\":13,\"slug\":\"module\",\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\"},\"registeredBy\":{\"type\":\"string\"},"
    "  \"aanbieder\":{\"type\":\"object\",\"$ref\":\"organisatie\"}}},"
    "{\"id\":12,\"slug\":\"gebruik\",\"configuration\":{\"objectNameField\":\"afnemer\"},"
    " \"properties\":{\"afnemer\":{\"type\":\"object\",\"$ref\":\"organisatie\"},"
    "  \"module\":{\"type\":\"object\",\"$ref\":\"module\"}}}]}";

static const char organisations[] =
    "{\"results\":["
    "{\"id\":\"" ORG_R "\",\"naam\":\"Nieuw B.V.\",\"type\":\"Leverancier\",\"status\":\"Concept\","
    " \"website\":\"https://nieuw.nl\"},"
    "{\"id\":\"" ORG_S "\",\"naam\":\"Nieuw Software B.V.\",\"type\":\"Leverancier\","
    " \"status\":\"Actief\",\"website\":\"https://www.nieuw.nl\"},"
    "{\"id\":\"" ORG_T "\",\"naam\":\"Nieuw Holding B.V.\",\"type\":\"Leverancier\","
    " \"status\":\"Deactief\",\"website\":\"https://nieuw.nl/holding\"},"
    "{\"id\":\"" ORG_G "\",\"naam\":\"Gemeente Aa\",\"type\":\"Gemeente\",\"status\":\"Actief\","
    " \"website\":\"https://aa.nl\"}]}";

static const char modules[] =
    "{\"results\":["
    "{\"id\":\"" PACKAGE "\",\"naam\":\"Zaaksysteem Nieuw\",\"aanbieder\":\"" ORG_R "\"},"
    "{\"id\":\"" REGISTERED "\",\"naam\":\"Vergunningen\",\"aanbieder\":\"" ORG_S "\","
    " \"registeredBy\":\"Gemeente\"},"
    "{\"id\":\"" OWN "\",\"naam\":\"Zaaksysteem Nieuw\",\"aanbieder\":\"" ORG_S "\"}]}";

static const char usages[] = "{\"results\":["
                             "{\"id\":\"g1\",\"afnemer\":\"" ORG_G "\",\"module\":\"" PACKAGE "\"},"
                             "{\"id\":\"g2\",\"afnemer\":\"" ORG_S "\",\"module\":\"" PACKAGE "\"},"
                             "{\"id\":\"g3\",\"afnemer\":\"" ORG_G "\",\"module\":\"" OWN "\"}]}";

typedef struct
{
  char *dir;
  SwcStore *store;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SwcSchemaSet) set = swc_test_schemas (registers, schemas);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("swc-concepts-XXXXXX", NULL);
  path = swc_paths_store_file (f->dir, "http://127.0.0.1:9", "admin");
  f->store = swc_store_open (path, &error);
  g_assert_no_error (error);
  swc_test_apply (f->store, set, "organisatie", organisations);
  swc_test_apply (f->store, set, "module", modules);
  swc_test_apply (f->store, set, "gebruik", usages);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  /* not g_assert_finalize_object: a finished search's task lets go of the store on its worker
   * thread, a moment after it answered */
  g_object_unref (f->store);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
holds (GPtrArray *found, const char *uuid)
{
  for (guint i = 0; found && i < found->len; i++)
    if (g_str_equal (((SwcDuplicate *) g_ptr_array_index (found, i))->uuid, uuid))
      return TRUE;
  return FALSE;
}

/* The concept packages, oldest first: registered with a waiting supplier, or by a municipality. */
static void
test_which (Fixture *f, gconstpointer data)
{
  g_autoptr(SwcObjectModel) model =
      swc_object_model_new (f->store, &(SwcQuery){ .kind = SWC_KIND_APPLICATION,
                                                   .subset = SWC_SUBSET_CONCEPT_PACKAGES });
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwcObject) o = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_hash_table_add (listed, (gpointer) g_intern_string (swc_object_get_uuid (o)));
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (g_hash_table_contains (listed, PACKAGE));
  g_assert_true (g_hash_table_contains (listed, REGISTERED));
  g_assert_false (g_hash_table_contains (listed, OWN));
}

static void
test_matches (Fixture *f, gconstpointer data)
{
  GAsyncResult *res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcConceptMatches) m = NULL;

  swc_concept_matches_async (f->store, PACKAGE, NULL, done_cb, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  m = swc_concept_matches_finish (res, &error);
  g_object_unref (res);
  g_assert_no_error (error);
  /* the active supplier's package of the same name; not itself */
  g_assert_true (holds (m->packages, OWN));
  g_assert_false (holds (m->packages, PACKAGE));
  /* the active supplier like the one it was registered with; not that one, nor an inactive one */
  g_assert_true (holds (m->suppliers, ORG_S));
  g_assert_false (holds (m->suppliers, ORG_R));
  g_assert_false (holds (m->suppliers, ORG_T));
  g_assert_cmpuint (((SwcDuplicate *) g_ptr_array_index (m->suppliers, 0))->score, >, 0);
}

static void
test_usage (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (swc_concept_usage_count (f->store, PACKAGE), ==, 2);
  g_assert_cmpuint (swc_concept_usage_count (f->store, OWN), ==, 1);
  g_assert_cmpuint (swc_concept_usage_count (f->store, REGISTERED), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/concepts/which", Fixture, NULL, setup, test_which, teardown);
  g_test_add ("/concepts/matches", Fixture, NULL, setup, test_matches, teardown);
  g_test_add ("/concepts/usage", Fixture, NULL, setup, test_usage, teardown);
  return g_test_run ();
}
