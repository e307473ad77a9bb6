/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list model over the store: right count and order, rows loaded in windows only as they are
 * asked for, and items-changed after the store changes. */
#include "config.h"

#include <string.h>

#include "swc-object-model.h"
#include "swc-store-db.h"

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10]}]}";
static const char schemas[] =
    "{\"results\":[{\"id\":10,\"slug\":\"organisatie\","
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    "\"properties\":{\"naam\":{\"type\":\"string\"},\"status\":{\"type\":\"string\"}}}]}";

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  g_assert_true (json_parser_load_from_data (p, text, -1, NULL));
  return json_node_copy (json_parser_get_root (p));
}

static void
fill (SwcStore *store, SwcSchemaSet *set, guint n)
{
  GString *body = g_string_new ("{\"results\":[");
  g_autoptr(GBytes) bytes = NULL;
  SwcPageResult r = { 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (
        body,
        "%s{\"id\":\"00000000-0000-4000-8000-%012u\",\"naam\":\"Organisatie %05u\","
        "\"status\":\"%s\",\"@self\":{\"updated\":\"2025-01-01T00:00:00+00:00\"}}",
        i ? "," : "", i, i, i % 10 == 0 ? "Concept" : "Actief");
  g_string_append (body, "]}");
  bytes = g_string_free_to_bytes (body);
  swc_store_apply_page (swc_store_get_db (store), swc_schema_set_lookup (set, "organisatie"), bytes,
                        SWC_PAGE_IDS, 0, &r, &error);
  g_assert_no_error (error);
  swc_page_result_clear (&r);
}

static void
items_changed_cb (GListModel *model, guint pos, guint removed, guint added, gpointer data)
{
  guint *calls = data;

  (*calls)++;
}

static void
test_lazy_windows (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(JsonNode) r = parse (registers), s = parse (schemas);
  g_autoptr(SwcSchemaSet) set = swc_schema_set_new_from_json (r, s, NULL);
  g_autoptr(SwcObjectModel) all = NULL;
  g_autoptr(SwcObjectModel) concept = NULL;
  g_autoptr(SwcObject) last = NULL, first = NULL, c = NULL;
  guint calls = 0;

  fill (store, set, 5000);
  all = swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION });
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 5000);
  g_assert_cmpuint (swc_object_model_get_cached_rows (all), ==, 0);
  last = g_list_model_get_item (G_LIST_MODEL (all), 4999);
  g_assert_cmpstr (swc_object_get_name (last), ==, "Organisatie 04999");
  first = g_list_model_get_item (G_LIST_MODEL (all), 0);
  g_assert_cmpstr (swc_object_get_name (first), ==, "Organisatie 00000");
  g_assert_cmpuint (swc_object_model_get_cached_rows (all), <=, 400);
  for (guint i = 0; i < 5000; i += 7)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (all), i));
  g_assert_cmpuint (swc_object_model_get_cached_rows (all), <=,
                    800); /* a few windows, never all rows */
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (all), 5000));

  concept = swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                                                      .org_status = SWC_ORG_STATUS_DRAFT,
                                                      .order = SWC_ORDER_NAME_DESC });
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (concept)), ==, 500);
  c = g_list_model_get_item (G_LIST_MODEL (concept), 0);
  g_assert_cmpstr (swc_object_get_name (c), ==, "Organisatie 04990");

  g_signal_connect (all, "items-changed", G_CALLBACK (items_changed_cb), &calls);
  fill (store, set, 5100);
  swc_store_notify_changed (store, "organisatie");
  swc_store_notify_changed (store, "organisatie"); /* a burst becomes one refresh */
  while (calls == 0)
    g_main_context_iteration (NULL, TRUE); /* the refresh comes a moment after the burst */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 5100);
}

#define TENTH "00000000-0000-4000-8000-000000000010"

typedef struct
{
  guint calls, position, removed, added;
} Change;

static void
change_cb (GListModel *model, guint pos, guint removed, guint added, gpointer data)
{
  Change *c = data;

  c->calls++;
  c->position = pos;
  c->removed = removed;
  c->added = added;
}

/* A row that leaves the list is one item removed; the rows that stay keep their SwcObject (GTK then
 * keeps their widgets: the focus and the selection stay where they were). */
static void
test_minimal_change (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(JsonNode) r = parse (registers), s = parse (schemas);
  g_autoptr(SwcSchemaSet) set = swc_schema_set_new_from_json (r, s, NULL);
  g_autoptr(SwcObjectModel) concept = NULL;
  g_autoptr(SwcObject) third = NULL, moved = NULL, second = NULL;
  g_autoptr(JsonNode) view = parse ("{\"id\":\"" TENTH "\",\"naam\":\"Organisatie 00010\","
                                     "\"status\":\"Actief\"}");
  g_autoptr(GError) error = NULL;
  Change c = { 0 };

  fill (store, set, 100);
  concept = swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                                                      .org_status = SWC_ORG_STATUS_DRAFT });
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (concept)), ==, 10);
  third = g_list_model_get_item (G_LIST_MODEL (concept), 3);
  second = g_list_model_get_item (G_LIST_MODEL (concept), 1);
  g_assert_cmpstr (swc_object_get_name (second), ==, "Organisatie 00010");
  g_signal_connect (concept, "items-changed", G_CALLBACK (change_cb), &c);
  g_assert_true (swc_store_write_view (swc_store_get_db (store),
                                       swc_schema_set_lookup (set, "organisatie"), TENTH,
                                       json_node_get_object (view), FALSE, 1, NULL, FALSE, &error));
  g_assert_no_error (error);
  swc_store_notify_changed (store, "organisatie");
  while (c.calls == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (c.calls, ==, 1);
  g_assert_cmpuint (c.position, ==, 1);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.added, ==, 0);
  moved = g_list_model_get_item (G_LIST_MODEL (concept), 2);
  g_assert_true (moved == third);

  /* nothing changed: no signal at all */
  swc_store_notify_changed (store, "organisatie");
  g_usleep (200 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (c.calls, ==, 1);
}

/* Typing in a list's search field narrows it to the rows with every word (a word's start suffices).
 */
static void
test_search (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(JsonNode) r = parse (registers), s = parse (schemas);
  g_autoptr(SwcSchemaSet) set = swc_schema_set_new_from_json (r, s, NULL);
  g_autoptr(SwcObjectModel) all = NULL, concept = NULL;
  g_autoptr(SwcObject) hit = NULL;
  guint calls = 0;

  fill (store, set, 2000);
  all = swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION });
  g_signal_connect (all, "items-changed", G_CALLBACK (items_changed_cb), &calls);
  swc_object_model_set_search (all, "organisatie 0004");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 10);
  hit = g_list_model_get_item (G_LIST_MODEL (all), 9);
  g_assert_cmpstr (swc_object_get_name (hit), ==, "Organisatie 00049");
  g_assert_cmpuint (calls, ==, 1);
  swc_object_model_set_search (all, "  ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 2000);
  swc_object_model_set_search (all, "nergens");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 0);

  concept = swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                                                      .org_status = SWC_ORG_STATUS_DRAFT });
  swc_object_model_set_search (concept, "0004");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (concept)), ==, 1);
}

/* "gemeente h" lists the rows named so before those that only mention it: a search puts the rows
 * whose name has every word first, each part in the list's own order. */
static void
test_search_names_first (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(JsonNode) r = parse (registers), s = parse (schemas);
  g_autoptr(SwcSchemaSet) set = swc_schema_set_new_from_json (r, s, NULL);
  g_autoptr(SwcObjectModel) all = NULL;
  static const char text[] =
      "{\"results\":["
      "{\"id\":\"10000000-0000-4000-8000-000000000001\",\"naam\":\"Archilogic"
      " B.V.\",\"status\":\"Gemeente Hulst\"},"
      "{\"id\":\"10000000-0000-4000-8000-000000000002\",\"naam\":\"Gemeente"
      " Hoorn\",\"status\":\"Actief\"},"
      "{\"id\":\"10000000-0000-4000-8000-000000000003\",\"naam\":\"Bouwsoft\","
      "\"status\":\"gemeente Hengelo\"},"
      "{\"id\":\"10000000-0000-4000-8000-000000000004\",\"naam\":\"Gemeente"
      " Haarlem\",\"status\":\"Actief\"}]}";
  g_autoptr(GBytes) page = g_bytes_new_static (text, strlen (text));
  SwcPageResult res = { 0 };
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "Gemeente Haarlem", "Gemeente Hoorn", "Archilogic B.V.", "Bouwsoft" };

  swc_store_apply_page (swc_store_get_db (store), swc_schema_set_lookup (set, "organisatie"), page,
                        SWC_PAGE_IDS, 0, &res, &error);
  g_assert_no_error (error);
  swc_page_result_clear (&res);
  all = swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION });
  swc_object_model_set_search (all, "gemeente h");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(SwcObject) o = g_list_model_get_item (G_LIST_MODEL (all), i);
      g_assert_cmpstr (swc_object_get_name (o), ==, expected[i]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/object-model/lazy-windows", test_lazy_windows);
  g_test_add_func ("/object-model/search", test_search);
  g_test_add_func ("/object-model/search-names-first", test_search_names_first);
  g_test_add_func ("/object-model/minimal-change", test_minimal_change);
  return g_test_run ();
}
