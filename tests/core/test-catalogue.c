/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Typed questions (swc-catalogue.h): the pages ask in meanings, the core answers from the store's
 * words. */
#include "config.h"

#include "swc-catalogue.h"
#include "swc-object-model.h"
#include "swc-test-store.h"

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,11,12]}]}";
static const char schemas[] =
    "{\"results\":[{\"id\":10,\"slug\":\"organisatie\","
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    "\"properties\":{\"naam\":{\"type\":\"string\"},\"type\":{\"type\":\"string\"},"
    "\"status\":{\"type\":\"string\"}}},"
    "{\"id\":11,\"slug\":\"contactpersoon\",\"configuration\":{\"objectNameField\":\"achternaam\"},"
    "\"properties\":{\"achternaam\":{\"type\":\"string\"},\"e-mailadres\":{\"type\":\"string\"},"
    "\"organisatie\":{\"type\":\"string\",\"$ref\":\"organisatie\"}}},"
    "{\"id\":12,\"slug\":\"gebruik\",\"configuration\":{},"
    "\"properties\":{\"afnemer\":{\"type\":\"string\",\"$ref\":\"organisatie\"}}}]}";

typedef struct
{
  char *dir;
  SwcStore *store;
  SwcSchemaSet *set;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("swc-catalogue-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = swc_store_open (path, NULL);
  f->set = swc_test_schemas (registers, schemas);
  swc_test_apply (
      f->store, f->set, "organisatie",
      "{\"results\":["
      "{\"id\":\"o1\",\"naam\":\"Nieuw B.V.\",\"type\":\"Leverancier\",\"status\":\"concept\","
      "\"@self\":{\"created\":\"2026-03-02\"}},"
      "{\"id\":\"o2\",\"naam\":\"Centric\",\"type\":\"Leverancier\",\"status\":\"Actief\"},"
      "{\"id\":\"o3\",\"naam\":\"Dimpact\",\"type\":\"Samenwerking\",\"status\":\"Actief\"},"
      "{\"id\":\"o4\",\"naam\":\"Aangemeld\",\"type\":\"Gemeente\","
      "\"registrationStatus\":\"pending\",\"@self\":{\"created\":\"2026-03-01\"}},"
      /* decided here (rejected), before a sync brought the backend's registrationStatus: waits no
         more */
      "{\"id\":\"o5\",\"naam\":\"Afgewezen\",\"type\":\"Gemeente\",\"status\":\"Deactief\","
      "\"registrationStatus\":\"pending\",\"@self\":{\"created\":\"2026-03-03\"}},"
      /* merged into Centric on a 2026 backend: a tombstone no list shows */
      "{\"id\":\"o6\",\"naam\":\"Centric"
      " Oud\",\"type\":\"Leverancier\",\"status\":\"samengevoegd\","
      "\"mergedInto\":\"o2\"}]}");
  swc_test_apply (f->store, f->set, "contactpersoon",
                  "{\"results\":["
                  "{\"id\":\"c1\",\"achternaam\":\"de"
                  " Vries\",\"e-mailadres\":\"petra@nieuw.nl\",\"organisatie\":\"o1\"},"
                  "{\"id\":\"c2\",\"achternaam\":\"Bakker\",\"organisatie\":\"o1\"},"
                  "{\"id\":\"c3\",\"achternaam\":\"Jansen\",\"e-mailadres\":\"jan@centric.nl\","
                  "\"organisatie\":\"o2\"}]}");
  swc_test_apply (f->store, f->set, "gebruik",
                  "{\"results\":[{\"id\":\"g1\",\"afnemer\":\"o2\"}]}");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->set, swc_schema_set_free);
  g_free (f->dir);
}

/* The uuids a question lists, "," joined, in its order. */
static char *
answer (Fixture *f, const SwcQuery *query)
{
  g_autoptr(SwcObjectModel) model = swc_object_model_new (f->store, query);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(SwcObject) o = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_string_append_printf (s, "%s%s", s->len ? "," : "", swc_object_get_uuid (o));
    }
  return g_strdup (s->str);
}

static void
assert_answer (Fixture *f, const SwcQuery *query, const char *expected)
{
  g_autofree char *got = answer (f, query);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_lists (Fixture *f, gconstpointer data)
{
  assert_answer (f, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION }, "o4,o5,o2,o3,o1");
  assert_answer (f,
                 &(SwcQuery){ .kind = SWC_KIND_ORGANISATION, .org_status = SWC_ORG_STATUS_MERGED },
                 "o6");
  /* the status in any case; a 2026 registration waits by its registrationStatus; the oldest first
   */
  assert_answer (f,
                 &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                              .subset = SWC_SUBSET_WAITING,
                              .order = SWC_ORDER_CREATED },
                 "o4,o1");
  assert_answer (f,
                 &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                              .org_type = SWC_ORG_TYPE_SUPPLIER,
                              .org_status = SWC_ORG_STATUS_ACTIVE },
                 "o2");
  assert_answer (f,
                 &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                              .org_type = SWC_ORG_TYPE_COLLABORATION },
                 "o3");
  assert_answer (f, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION, .in_use = TRUE }, "o2");
  assert_answer (f,
                 &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                              .status_value = "ACTIEF",
                              .order = SWC_ORDER_NAME_DESC },
                 "o3,o2");
  assert_answer (f,
                 &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                              .type_value = "Leverancier",
                              .org_status = SWC_ORG_STATUS_DRAFT },
                 "o1");
}

static void
test_contact_persons (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) people = swc_catalogue_contact_persons (f->store, "o1");
  g_autoptr(GPtrArray) none = swc_catalogue_contact_persons (f->store, "o3");
  SwcContact *c;

  g_assert_cmpuint (people->len, ==, 2);
  c = g_ptr_array_index (people, 0);
  g_assert_cmpstr (c->uuid, ==, "c2");
  g_assert_null (c->email);
  c = g_ptr_array_index (people, 1);
  g_assert_cmpstr (c->uuid, ==, "c1");
  g_assert_cmpstr (c->email, ==, "petra@nieuw.nl");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_counts (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) counts = swc_catalogue_counts (f->store);
  SwcKindCount *c;

  g_assert_cmpuint (counts->len, ==, 3);
  c = g_ptr_array_index (counts, 2);
  g_assert_cmpstr (c->schema, ==, "organisatie");
  g_assert_cmpint (c->count, ==, 6);
  g_assert_cmpint (swc_catalogue_count (f->store, SWC_KIND_CONTACT_PERSON), ==, 3);
  g_assert_cmpint (swc_catalogue_count (f->store, SWC_KIND_OTHER), ==, 10);
  g_assert_cmpint (swc_object_kind (f->store, "c1"), ==, SWC_KIND_CONTACT_PERSON);
  {
    /* a tombstone names the record it went into, wherever it is shown */
    g_autofree char *merged = swc_store_object_name (f->store, "o6");
    g_autofree char *plain = swc_store_object_name (f->store, "o2");
    g_assert_cmpstr (merged, ==, "Centric Oud (merged into Centric)");
    g_assert_cmpstr (plain, ==, "Centric");
  }
  g_assert_cmpint (swc_object_kind (f->store, "nobody"), ==, SWC_KIND_OTHER);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/catalogue/lists", Fixture, NULL, setup, test_lists, teardown);
  g_test_add ("/catalogue/contact-persons", Fixture, NULL, setup, test_contact_persons, teardown);
  g_test_add ("/catalogue/counts", Fixture, NULL, setup, test_counts, teardown);
  return g_test_run ();
}
