/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schemas as the server describes them, read into what the app needs: each schema by the
 * store's name (also when the 2026 backend says "organization"), its register, the references
 * between schemas (one or many, whichever way the backend writes "$ref"), what is required, the
 * name field, the choices of a property; and a server without a catalogue register refused. */
#include "config.h"

#include "swc-error.h"
#include "swc-schema.h"

static const char registers_2025[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,\"contactpersoon\"]},"
    " {\"id\":4,\"slug\":\"gemma\",\"schemas\":[20]}]}";
static const char schemas_2025[] =
    "{\"results\":["
    "{\"id\":10,\"slug\":\"organisatie\",\"required\":[\"naam\",\"type\",7],"
    " \"hardValidation\":true,\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\",\"title\":\"Naam\"},"
    "  \"type\":{\"type\":\"string\",\"enum\":[\"Gemeente\",\"Leverancier\"]},"
    "  \"deelnemers\":{\"type\":\"array\","
    "   \"items\":{\"$ref\":\"#/components/schemas/organisatie\"}}}},"
    "{\"id\":11,\"slug\":\"contactpersoon\",\"properties\":{"
    "  \"organisatie\":{\"type\":\"object\",\"$ref\":\"organisatie\"},"
    "  \"rollen\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
    "   \"enum\":[\"Aanbod-beheerder\",\"Gebruik-beheerder\"]}}}},"
    "{\"id\":20,\"slug\":\"referentiecomponent\",\"properties\":{\"naam\":{\"type\":\"string\"}}},"
    "{\"id\":21,\"properties\":{}},"
    "\"not a schema\"]}";

/* The 2026 backend: the register "stackiq", English slugs and fields. */
static const char registers_2026[] =
    "{\"results\":[{\"id\":1,\"slug\":\"stackiq\",\"schemas\":[1,2]}]}";
static const char schemas_2026[] =
    "{\"results\":["
    "{\"id\":1,\"slug\":\"organization\",\"configuration\":{\"objectNameField\":\"name\"},"
    " \"properties\":{\"name\":{\"type\":\"string\"},\"website\":{\"type\":\"string\"}}},"
    "{\"id\":2,\"slug\":\"contactPerson\",\"properties\":{"
    "  \"organization\":{\"type\":\"object\",\"ref\":\"organization\"}}}]}";

static SwcSchemaSet *
read_set (const char *registers, const char *schemas, GError **error)
{
  g_autoptr(JsonNode) r = json_from_string (registers, NULL);
  g_autoptr(JsonNode) s = json_from_string (schemas, NULL);

  return swc_schema_set_new_from_json (r, s, error);
}

static SwcRef *
ref_of (SwcSchema *schema, const char *property)
{
  for (guint i = 0; i < schema->refs->len; i++)
    if (g_str_equal (((SwcRef *) g_ptr_array_index (schema->refs, i))->property, property))
      return g_ptr_array_index (schema->refs, i);
  return NULL;
}

static void
test_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcSchemaSet) set = read_set (registers_2025, schemas_2025, &error);
  SwcSchema *org, *person, *component;

  g_assert_no_error (error);
  g_assert_cmpint (set->dialect, ==, SWC_DIALECT_2025);
  g_assert_cmpstr (set->catalogue_register, ==, "voorzieningen");
  g_assert_cmpuint (set->schemas->len, ==,
                    3); /* the one without a slug, and the string, left out */
  org = swc_schema_set_lookup (set, "organisatie");
  g_assert_nonnull (org);
  g_assert_cmpint (org->register_id, ==, 3);
  g_assert_true (org->hard_validation);
  g_assert_cmpstr (org->name_field, ==, "naam");
  g_assert_true (g_hash_table_contains (org->required, "naam"));
  g_assert_cmpuint (g_hash_table_size (org->required), ==, 2); /* not the number */
  /* a list of references, written as a JSON pointer */
  g_assert_cmpstr (ref_of (org, "deelnemers")->target, ==, "organisatie");
  g_assert_true (ref_of (org, "deelnemers")->many);
  g_assert_null (ref_of (org, "naam"));
  /* a schema listed by its slug rather than its id */
  person = swc_schema_set_lookup (set, "contactpersoon");
  g_assert_cmpstr (person->register_slug, ==, "voorzieningen");
  g_assert_cmpstr (ref_of (person, "organisatie")->target, ==, "organisatie");
  g_assert_false (ref_of (person, "organisatie")->many);
  component = swc_schema_set_lookup (set, "referentiecomponent");
  g_assert_cmpstr (component->register_slug, ==, "gemma");
  g_assert_null (swc_schema_set_lookup (set, "nothing"));
}

static void
test_choices (void)
{
  g_autoptr(SwcSchemaSet) set = read_set (registers_2025, schemas_2025, NULL);
  SwcSchema *org = swc_schema_set_lookup (set, "organisatie");
  SwcSchema *person = swc_schema_set_lookup (set, "contactpersoon");
  g_auto(GStrv) types = swc_schema_enum (org, "type");
  g_auto(GStrv) roles = swc_schema_enum (person, "rollen");
  g_auto(GStrv) none = swc_schema_enum (org, "naam");
  g_auto(GStrv) unknown = swc_schema_enum (NULL, "type");

  g_assert_cmpstrv (types, ((const char *const[]){ "Gemeente", "Leverancier", NULL }));
  /* an array's choices are its items' */
  g_assert_cmpstrv (roles,
                    ((const char *const[]){ "Aanbod-beheerder", "Gebruik-beheerder", NULL }));
  g_assert_true (none == NULL || none[0] == NULL);
  g_assert_true (unknown == NULL || unknown[0] == NULL);
  g_assert_nonnull (swc_schema_property (org, "naam"));
  g_assert_null (swc_schema_property (org, "nothing"));
  /* a label for every property, also one the schema gives no title */
  g_assert_nonnull (swc_schema_property_label (org, "type"));
  g_assert_cmpstr (swc_schema_property_label (org, "type"), !=, "");
}

/* The 2026 backend's schemas are read in the store's (2025) words. */
static void
test_read_2026 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcSchemaSet) set = read_set (registers_2026, schemas_2026, &error);
  SwcSchema *org, *person;

  g_assert_no_error (error);
  g_assert_cmpint (set->dialect, ==, SWC_DIALECT_2026);
  org = swc_schema_set_lookup (set, swc_kind_slug (SWC_KIND_ORGANISATION));
  g_assert_nonnull (org);
  g_assert_cmpstr (org->server_slug, ==, "organization");
  g_assert_nonnull (swc_schema_property (org, swc_field_key (SWC_FIELD_NAME)));
  g_assert_cmpstr (org->name_field, ==, swc_field_key (SWC_FIELD_NAME));
  person = swc_schema_set_lookup (set, swc_kind_slug (SWC_KIND_CONTACT_PERSON));
  g_assert_nonnull (person);
  /* a reference written "ref", to the organisation by the store's name */
  g_assert_cmpstr (ref_of (person, swc_field_key (SWC_FIELD_ORGANISATION))->target, ==,
                   swc_kind_slug (SWC_KIND_ORGANISATION));
}

/* Nothing that can be a catalogue: said as such, whatever the answers hold. */
static void
test_no_catalogue (void)
{
  static const char *const answers[][2] = {
    { "{\"results\":[]}", "{\"results\":[]}" },
    { "[]", "{}" },
    { "42", "\"schemas\"" },
    /* organisations, but in no register */
    { "{\"results\":[{\"slug\":\"elders\",\"schemas\":[99]}]}",
      "{\"results\":[{\"id\":10,\"slug\":\"organisatie\",\"properties\":{}}]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwcSchemaSet) set = read_set (answers[i][0], answers[i][1], &error);
      g_assert_null (set);
      g_assert_error (error, SWC_ERROR, SWC_ERROR_NOT_A_BACKEND);
    }
}

static void
test_strings (void)
{
  g_autoptr(JsonNode) node =
      json_from_string ("{\"list\":[\"a\",3,\"b\",null],\"one\":\"c\",\"none\":null}", NULL);
  JsonObject *o = json_node_get_object (node);
  g_auto(GStrv) list = swc_json_strings (o, "list");
  g_auto(GStrv) one = swc_json_strings (o, "one");
  g_auto(GStrv) none = swc_json_strings (o, "none");
  g_auto(GStrv) missing = swc_json_strings (o, "missing");

  g_assert_cmpstrv (list, ((const char *const[]){ "a", "b", NULL }));
  g_assert_cmpuint (g_strv_length (one), ==, 0); /* a string is no list */
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (missing), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schema/read", test_read);
  g_test_add_func ("/schema/choices", test_choices);
  g_test_add_func ("/schema/read-2026", test_read_2026);
  g_test_add_func ("/schema/no-catalogue", test_no_catalogue);
  g_test_add_func ("/schema/strings", test_strings);
  return g_test_run ();
}
