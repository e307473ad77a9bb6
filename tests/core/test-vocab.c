/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of the backend's words: every meaning has a word in the store and maps both ways in
 * both dialects; objects, paths and answers cross the HTTP boundary and come back unchanged. */
#include "config.h"

#include "swc-client-private.h"
#include "swc-vocab.h"

#include <string.h>

static JsonObject *
object_of (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static char *
text_of (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);

  return json_to_string (node, FALSE);
}

static void
test_kinds (void)
{
  for (SwcKind k = SWC_KIND_ORGANISATION; k < SWC_N_KINDS; k++)
    {
      const char *slug = swc_kind_slug (k);
      const char *out = swc_vocab_slug_out (SWC_DIALECT_2026, slug);
      g_assert_nonnull (slug);
      g_assert_cmpint (swc_kind_from_slug (slug), ==, k);
      g_assert_cmpint (swc_kind_from_slug (out), ==, k);
      g_assert_cmpstr (swc_vocab_slug_in (SWC_DIALECT_2026, out), ==, slug);
      g_assert_cmpstr (swc_vocab_slug_out (SWC_DIALECT_2025, slug), ==, slug);
    }
  g_assert_cmpstr (swc_vocab_slug_out (SWC_DIALECT_2026, "organisatie"), ==, "organization");
  g_assert_cmpstr (swc_vocab_slug_in (SWC_DIALECT_2026, "catalogService"), ==, "dienst");
  g_assert_cmpstr (swc_vocab_slug_in (SWC_DIALECT_2026, "software-review"), ==, "beoordeeling");
  g_assert_cmpint (swc_kind_from_slug ("page"), ==, SWC_KIND_OTHER);
  g_assert_cmpstr (swc_vocab_register_out (SWC_DIALECT_2026, "voorzieningen"), ==, "stackiq");
  g_assert_cmpstr (swc_vocab_register_in (SWC_DIALECT_2026, "stackiq"), ==, "voorzieningen");
  g_assert_cmpstr (swc_vocab_register_out (SWC_DIALECT_2025, "voorzieningen"), ==, "voorzieningen");
}

static void
test_fields (void)
{
  for (SwcField f = 0; f < SWC_N_FIELDS; f++)
    g_assert_nonnull (swc_field_key (f));
  g_assert_cmpstr (swc_vocab_property_out (SWC_DIALECT_2026, "gebruik", "afnemer"), ==, "consumer");
  g_assert_cmpstr (swc_vocab_property_in (SWC_DIALECT_2026, "gebruik", "consumer"), ==, "afnemer");
  g_assert_cmpstr (swc_vocab_property_out (SWC_DIALECT_2026, "contactpersoon", "organisatie"), ==,
                   "organization");
  /* a field named the same as another schema's: only where the table says */
  g_assert_cmpstr (swc_vocab_property_out (SWC_DIALECT_2026, "gebruik", "organisatie"), ==,
                   "organisatie");
  g_assert_cmpstr (swc_vocab_property_out (SWC_DIALECT_2026, "organisatie", "deelnames"), ==,
                   "deelnames");
  g_assert_cmpstr (swc_vocab_property_out (SWC_DIALECT_2025, "gebruik", "afnemer"), ==, "afnemer");
}

static void
test_values (void)
{
  for (SwcOrgStatus s = SWC_ORG_STATUS_DRAFT; s <= SWC_ORG_STATUS_MERGED; s++)
    {
      const char *word = swc_org_status_value (s);
      const char *out = swc_vocab_value_out (SWC_DIALECT_2026, "organisatie", "status", word);
      g_autoptr(JsonObject) org = json_object_new ();
      g_assert_nonnull (word);
      g_assert_cmpstr (out, !=, word);
      g_assert_cmpstr (swc_vocab_value_in (SWC_DIALECT_2026, "organisatie", "status", out), ==,
                       word);
      json_object_set_string_member (org, "status", word);
      g_assert_cmpint (swc_org_status (org), ==, s);
    }
  for (SwcOrgType t = SWC_ORG_TYPE_MUNICIPALITY; t <= SWC_ORG_TYPE_COMMUNITY; t++)
    {
      const char *word = swc_org_type_value (t);
      const char *out = swc_vocab_value_out (SWC_DIALECT_2026, "organisatie", "type", word);
      g_assert_nonnull (word);
      g_assert_cmpint (swc_org_type_from_value (word), ==, t);
      g_assert_cmpstr (swc_vocab_value_in (SWC_DIALECT_2026, "organisatie", "type", out), ==, word);
    }
  g_assert_cmpstr (swc_vocab_value_out (SWC_DIALECT_2026, "organisatie", "status", "Actief"), ==,
                   "Active");
  g_assert_cmpstr (swc_vocab_value_out (SWC_DIALECT_2026, "gebruik", "status", "In productie"), ==,
                   "In production");
  g_assert_cmpstr (swc_vocab_value_out (SWC_DIALECT_2026, "contract", "status", "Actief"), ==,
                   "Active");
  /* the case a value was written in is kept ("concept" beside "Concept" in real stores) */
  g_assert_cmpstr (swc_vocab_value_in (SWC_DIALECT_2026, "organisatie", "status", "draft"), ==,
                   "concept");
  g_assert_cmpstr (swc_vocab_value_out (SWC_DIALECT_2026, "organisatie", "status", "concept"), ==,
                   "draft");
  g_assert_cmpstr (swc_vocab_value_in (SWC_DIALECT_2026, "organisatie", "status", "Draft"), ==,
                   "Concept");
  /* a value outside the enum stays as it is; so does the same word in another field */
  g_assert_cmpstr (swc_vocab_value_in (SWC_DIALECT_2026, "gebruik", "status", "in-gebruik"), ==,
                   "in-gebruik");
  g_assert_cmpstr (swc_vocab_value_out (SWC_DIALECT_2026, "organisatie", "naam", "Actief"), ==,
                   "Actief");
  g_assert_true (swc_org_type_offers (SWC_ORG_TYPE_SUPPLIER));
  g_assert_false (swc_org_type_offers (SWC_ORG_TYPE_MUNICIPALITY));
}

/* Everything the store holds goes out in 2026 words and comes back as it was. */
static void
test_object_round_trip (void)
{
  static const char *const samples[][2] = {
    { "organisatie",
      "{\"id\":\"o1\",\"naam\":\"Gemeente Aa\",\"type\":\"Samenwerking\",\"status\":\"Concept\","
      "\"deelnemers\":[\"o2\"],\"deelnames\":[\"o3\"],\"beschrijvingKort\":\"k\","
      "\"website\":\"w\"}" },
    { "contactpersoon",
      "{\"id\":\"c1\",\"voornaam\":\"Jan\",\"organisatie\":\"o1\",\"functie\":\"x\","
      "\"rollen\":[\"Aanbod-beheerder\"]}" },
    { "gebruik",
      "{\"id\":\"g1\",\"afnemer\":\"o1\",\"deelnemers\":[],\"status\":\"Uit te faseren\","
      "\"moduleVersie\":\"v\",\"startDatumGepland\":\"2026-01-01\"}" },
    { "module",
      "{\"id\":\"m1\",\"naam\":\"Zaaksysteem\",\"aanbieder\":\"o9\",\"type\":\"Systeemsoftware\","
      "\"registeredBy\":\"Gemeente\"}" },
    { "koppeling",
      "{\"id\":\"k1\",\"naam\":\"K\",\"status\":\"einde ondersteuning\",\"type\":\"upload naar"
      " portaal\"}" },
    { "contract", "{\"id\":\"x1\",\"contractType\":\"Onderhoud\",\"kostenPeriode\":\"Eenmalig\","
                  "\"status\":\"Verlopen\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(JsonObject) o = object_of (samples[i][1]);
      g_autoptr(JsonObject) expected = object_of (samples[i][1]);
      g_autofree char *out_text = NULL;

      swc_vocab_object_out (SWC_DIALECT_2026, samples[i][0], o);
      out_text = text_of (o);
      /* no 2025 word of the table is left in what goes out */
      for (const char *const *w =
               (const char *const[]){ "\"naam\"", "\"afnemer\"", "\"aanbieder\"", "\"Concept\"",
                                      "\"Samenwerking\"", "\"Uit te faseren\"", "\"functie\"",
                                      "\"Systeemsoftware\"", "\"Onderhoud\"", NULL };
           *w; w++)
        g_assert_null (strstr (out_text, *w));
      swc_vocab_object_in (SWC_DIALECT_2026, samples[i][0], o);
      g_assert_true (json_node_equal (json_node_init_object (json_node_alloc (), o),
                                      json_node_init_object (json_node_alloc (), expected)));
    }
}

static SwcSchemaSet *
schemas_2026 (void)
{
  g_autoptr(JsonNode) r =
      json_from_string ("{\"results\":[{\"id\":3,\"slug\":\"stackiq\",\"schemas\":[10,11]}]}",
                        NULL);
  g_autoptr(JsonNode) s =
      json_from_string ("{\"results\":[{\"id\":10,\"slug\":\"organization\",\"properties\":"
                        "{\"name\":{\"type\":\"string\"}}},{\"id\":11,\"slug\":\"usage\","
                        "\"properties\":{\"consumer\":{\"type\":\"string\"}}}]}",
                        NULL);

  return swc_schema_set_new_from_json (r, s, NULL);
}

static void
test_paths (void)
{
  g_autoptr(SwcSchemaSet) set = schemas_2026 ();
  SwcWords *w = _swc_words_new (set);
  g_autofree char *slug = NULL, *slug2 = NULL, *slug3 = NULL;
  g_autofree char *p1 =
      _swc_words_path_out (w,
                           "/index.php/apps/openregister/api/objects/voorzieningen/gebruik"
                           "?afnemer=o1&_order[naam]=asc&_fields=id,afnemer&_limit=1",
                           &slug);
  g_autofree char *p2 =
      _swc_words_path_out (w,
                           "/index.php/apps/openregister/api/objects/voorzieningen/organisatie"
                           "/o1/merge?type=Samenwerking&naam[in]=a,b",
                           &slug2);
  g_autofree char *p3 =
      _swc_words_path_out (w, "/index.php/apps/openregister/api/objects/publication/page", &slug3);

  g_assert_cmpint (_swc_words_dialect (w), ==, SWC_DIALECT_2026);
  g_assert_cmpstr (p1, ==,
                   "/index.php/apps/openregister/api/objects/stackiq/usage"
                   "?consumer=o1&_order[name]=asc&_fields=id,consumer&_limit=1");
  g_assert_cmpstr (slug, ==, "gebruik");
  g_assert_cmpstr (p2, ==,
                   "/index.php/apps/openregister/api/objects/stackiq/organization/o1/merge"
                   "?type=Collaboration&name[in]=a,b");
  g_assert_cmpstr (slug2, ==, "organisatie");
  g_assert_cmpstr (p3, ==, "/index.php/apps/openregister/api/objects/publication/page");
  g_assert_null (slug3);
  _swc_words_unref (w);
}

static void
test_answers (void)
{
  g_autoptr(SwcSchemaSet) set = schemas_2026 ();
  SwcWords *w = _swc_words_new (set);
  const char *page =
      "{\"results\":[{\"id\":\"o1\",\"name\":\"A\",\"type\":\"Municipality\",\"status\":\"Active\","
      "\"@self\":{\"register\":\"stackiq\",\"schema\":\"organization\"}},"
      "{\"id\":\"g1\",\"consumer\":\"o1\",\"status\":\"Phased out\",\"@self\":{\"schema\":11}}],"
      "\"total\":2}";
  g_autoptr(GBytes) in = g_bytes_new_static (page, strlen (page));
  g_autoptr(GBytes) out = _swc_words_answer_in (w, "organisatie", in);
  g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (out, NULL), NULL);
  JsonArray *results = json_object_get_array_member (json_node_get_object (root), "results");
  JsonObject *org = json_array_get_object_element (results, 0);
  JsonObject *usage = json_array_get_object_element (results, 1);
  g_autoptr(GBytes) broken = g_bytes_new_static ("{\"results\":[", 12);
  g_autoptr(GBytes) kept = _swc_words_answer_in (w, "organisatie", broken);
  const char *twice = "{\"results\":[{\"id\":\"a\",\"name\":\"A\",\"name\":\"B\"}]}";
  g_autoptr(GBytes) repeated = g_bytes_new_static (twice, strlen (twice));
  g_autoptr(GBytes) kept2 = _swc_words_answer_in (w, "organisatie", repeated);

  g_assert_cmpstr (json_object_get_string_member (org, "naam"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (org, "type"), ==, "Gemeente");
  g_assert_cmpstr (json_object_get_string_member (org, "status"), ==, "Actief");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (org, "@self"),
                                                  "schema"),
                   ==, "organisatie");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (org, "@self"),
                                                  "register"),
                   ==, "voorzieningen");
  /* an object of another schema, named by its id, is translated as that schema */
  g_assert_cmpstr (json_object_get_string_member (usage, "afnemer"), ==, "o1");
  g_assert_cmpstr (json_object_get_string_member (usage, "status"), ==, "Uitgefaseerd");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 2);
  /* what is not JSON is handed on as it came, for the caller's checks */
  g_assert_true (g_bytes_equal (kept, broken));
  g_assert_true (g_bytes_equal (kept2, repeated)); /* a repeated key is not made to vanish */
  _swc_words_unref (w);
}

/* OpenRegister's merge report names the moved references in the backend's words. */
static void
test_merge_report (void)
{
  g_autoptr(SwcSchemaSet) set = schemas_2026 ();
  SwcWords *w = _swc_words_new (set);
  const char *report = "{\"mergedObject\":{\"id\":\"o1\",\"name\":\"A\",\"type\":\"Municipality\"},"
                       "\"actions\":{\"references\":[{\"objectId\":\"g1\",\"schema\":\"usage\","
                       "\"properties\":[\"consumer\",\"participants\"]}]}}";
  g_autoptr(GBytes) in = g_bytes_new_static (report, strlen (report));
  g_autoptr(GBytes) out = _swc_words_answer_in (w, "organisatie", in);
  g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (out, NULL), NULL);
  JsonObject *o = json_node_get_object (root);
  JsonObject *merged = json_object_get_object_member (o, "mergedObject");
  JsonObject *ref = json_array_get_object_element (
      json_object_get_array_member (json_object_get_object_member (o, "actions"), "references"), 0);
  JsonArray *props = json_object_get_array_member (ref, "properties");

  g_assert_cmpstr (json_object_get_string_member (merged, "naam"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (merged, "type"), ==, "Gemeente");
  g_assert_cmpstr (json_object_get_string_member (ref, "schema"), ==, "gebruik");
  g_assert_cmpstr (json_array_get_string_element (props, 0), ==, "afnemer");
  g_assert_cmpstr (json_array_get_string_element (props, 1), ==, "deelnemers");
  _swc_words_unref (w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vocab/kinds", test_kinds);
  g_test_add_func ("/vocab/fields", test_fields);
  g_test_add_func ("/vocab/values", test_values);
  g_test_add_func ("/vocab/object-round-trip", test_object_round_trip);
  g_test_add_func ("/vocab/paths", test_paths);
  g_test_add_func ("/vocab/answers", test_answers);
  g_test_add_func ("/vocab/merge-report", test_merge_report);
  return g_test_run ();
}
