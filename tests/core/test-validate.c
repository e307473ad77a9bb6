/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Client-side validation, as the forms show it while typing and as the change queue applies it: the
 * schema's own rules, and the plain formats the catalogue's schemas leave out (website, e-mail, KvK
 * number). */
#include "config.h"

#include <string.h>

#include "swc-error.h"
#include "swc-validate.h"

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10]}]}";
static const char schemas[] =
    "{\"results\":[{\"id\":10,\"slug\":\"organisatie\",\"required\":[\"naam\",\"type\"],"
    "\"properties\":{\"naam\":{\"type\":\"string\",\"title\":\"Naam\",\"maxLength\":10},"
    "\"type\":{\"type\":\"string\",\"enum\":[\"Gemeente\",\"Samenwerking\"]},"
    "\"website\":{\"type\":\"string\"},\"e-mailadres\":{\"type\":\"string\"},"
    "\"kvkNummer\":{\"type\":\"string\"},"
    "\"deelnemers\":{\"type\":\"array\"}}}]}";

static SwcSchemaSet *
schema_set (void)
{
  g_autoptr(JsonParser) pr = json_parser_new (), ps = json_parser_new ();

  g_assert_true (json_parser_load_from_data (pr, registers, -1, NULL));
  g_assert_true (json_parser_load_from_data (ps, schemas, -1, NULL));
  return swc_schema_set_new_from_json (json_parser_get_root (pr), json_parser_get_root (ps), NULL);
}

static char *
problem (SwcSchema *schema, const char *property, const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  return swc_validate_value (schema, property, node);
}

static void
assert_problem (SwcSchema *schema, const char *property, const char *value, const char *expected)
{
  g_autofree char *p = problem (schema, property, value);

  g_assert_cmpstr (p, ==, expected);
}

static void
test_values (void)
{
  g_autoptr(SwcSchemaSet) set = schema_set ();
  SwcSchema *org = swc_schema_set_lookup (set, "organisatie");

  assert_problem (org, "website", "https://www.regionoord.nl", NULL);
  assert_problem (org, "website", "regio-noord", "is not a web address (https://…)");
  assert_problem (org, "website", "ftp://files.example", "is not a web address (https://…)");
  assert_problem (org, "e-mailadres", "info@regionoord.nl", NULL);
  assert_problem (org, "e-mailadres", "info.regionoord.nl", "is not an e-mail address");
  assert_problem (org, "kvkNummer", "12345678", NULL);
  assert_problem (org, "kvkNummer", "1234567", "must be 8 digits");
  assert_problem (org, "kvkNummer", "1234567a", "must be 8 digits");
  assert_problem (org, "type", "Leverancier", "is not one of the allowed values");
  assert_problem (org, "naam", "Een heel lange naam", "is longer than 10 characters");
  assert_problem (org, "naam", "", NULL); /* empty is for "required" to say */
}

static void
test_objects (void)
{
  g_autoptr(SwcSchemaSet) set = schema_set ();
  SwcSchema *org = swc_schema_set_lookup (set, "organisatie");
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (o, "naam", "Regio");
  g_assert_false (swc_validate_object (org, o, NULL, &error));
  g_assert_error (error, SWC_ERROR, SWC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Organisation Type is required"));
  g_clear_error (&error);
  json_object_set_string_member (o, "type", "Samenwerking");
  json_object_set_string_member (o, "kvkNummer", "123");
  g_assert_false (swc_validate_object (org, o, NULL, &error));
  g_assert_nonnull (strstr (error->message, "KvK Number must be 8 digits"));
  g_clear_error (&error);
  json_object_set_string_member (o, "kvkNummer", "12345678");
  g_assert_true (swc_validate_object (org, o, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/validate/values", test_values);
  g_test_add_func ("/validate/objects", test_objects);
  return g_test_run ();
}
