/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the app calls schemas, fields and choices: its own labels for both vocabularies, the
 * backend's title only for a field it does not know, and validation messages that name the field by
 * that label. Run twice (tests/core/meson.build): in English, and in Dutch from the built .mo. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "swc-error.h"
#include "swc-labels.h"
#include "swc-validate.h"

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,11,12]}]}";

/* Titles as the backend gives them: English, Dutch and mixed. */
static const char schemas_2025[] =
    "{\"results\":[{\"id\":10,\"slug\":\"organisatie\",\"title\":\"Organization\","
    "\"required\":[\"naam\",\"website\"],"
    "\"properties\":{\"naam\":{\"type\":\"string\",\"title\":\"Name\"},"
    "\"kvkNummer\":{\"type\":\"string\",\"title\":\"Chamber of Commerce Number\"},"
    "\"website\":{\"type\":\"string\",\"title\":\"Website\"},"
    "\"e-mailadres\":{\"type\":\"string\",\"title\":\"Email Address\"},"
    "\"deelnames\":{\"type\":\"array\",\"title\":\"Participations\"},"
    "\"huisstijlkleur\":{\"type\":\"string\",\"title\":\"Huisstijlkleur\"},"
    "\"zonderTitel\":{\"type\":\"string\"}}},"
    "{\"id\":11,\"slug\":\"contactpersoon\",\"title\":\"Contact Person\","
    "\"properties\":{\"organisatie\":{\"type\":\"string\",\"title\":\"Organization\"}}},"
    "{\"id\":12,\"slug\":\"module\",\"title\":\"Module\","
    "\"properties\":{\"licentietype\":{\"type\":\"string\",\"title\":\"License Type\"},"
    "\"koppelingen\":{\"type\":\"array\",\"title\":\"Omvat\"}}}]}";

static const char registers_2026[] =
    "{\"results\":[{\"id\":3,\"slug\":\"stackiq\",\"title\":\"Voorzieningen\",\"schemas\":[10,11,"
    "12]}]}";
static const char schemas_2026[] =
    "{\"results\":[{\"id\":10,\"slug\":\"organization\",\"title\":\"Organization\","
    "\"properties\":{\"name\":{\"type\":\"string\",\"title\":\"Name\"},"
    "\"participants\":{\"type\":\"array\",\"title\":\"Participants\"}}},"
    "{\"id\":11,\"slug\":\"contactPerson\",\"title\":\"Contact Person\","
    "\"properties\":{\"role\":{\"type\":\"string\",\"title\":\"Role\"},"
    "\"organization\":{\"type\":\"string\"}}},"
    "{\"id\":12,\"slug\":\"usage\",\"title\":\"Usage\","
    "\"properties\":{\"consumer\":{\"type\":\"string\",\"title\":\"Consumer\"}}}]}";

static gboolean dutch;

static const char *
in_ui (const char *english, const char *nederlands)
{
  return dutch ? nederlands : english;
}

static SwcSchemaSet *
schema_set (const char *schemas)
{
  g_autoptr(JsonParser) pr = json_parser_new (), ps = json_parser_new ();

  g_assert_true (json_parser_load_from_data (pr,
                                             schemas == schemas_2026 ? registers_2026 : registers,
                                             -1, NULL));
  g_assert_true (json_parser_load_from_data (ps, schemas, -1, NULL));
  return swc_schema_set_new_from_json (json_parser_get_root (pr), json_parser_get_root (ps), NULL);
}

static void
assert_label (SwcSchemaSet *set, const char *schema, const char *property, const char *expected)
{
  SwcSchema *s = swc_schema_set_lookup (set, schema);

  g_assert_cmpstr (swc_schema_property_label (s, property), ==, expected);
}

static void
test_vocabulary_2025 (void)
{
  g_autoptr(SwcSchemaSet) set = schema_set (schemas_2025);

  assert_label (set, "organisatie", "naam", in_ui ("Name", "Naam"));
  assert_label (set, "organisatie", "kvkNummer", in_ui ("KvK Number", "KvK-nummer"));
  assert_label (set, "organisatie", "e-mailadres", in_ui ("Email Address", "E-mailadres"));
  assert_label (set, "organisatie", "website", "Website");
  assert_label (set, "organisatie", "deelnames", in_ui ("Memberships", "Deelnames"));
  assert_label (set, "module", "licentietype", in_ui ("Licence Type", "Licentietype"));
  assert_label (set, "module", "koppelingen", in_ui ("Links", "Koppelingen"));
  assert_label (set, "contactpersoon", "organisatie", in_ui ("Organisation", "Organisatie"));
  g_assert_cmpstr (swc_schema_label (swc_schema_set_lookup (set, "contactpersoon")), ==,
                   in_ui ("Contact Person", "Contactpersoon"));
  g_assert_cmpstr (swc_schema_label (swc_schema_set_lookup (set, "module")), ==,
                   in_ui ("Application", "Applicatie"));
}

static void
test_vocabulary_2026 (void)
{
  g_autoptr(SwcSchemaSet) set = schema_set (schemas_2026);

  /* the 2026 schemas come into the store's words: the same labels as 2025's */
  g_assert_cmpint (set->dialect, ==, SWC_DIALECT_2026);
  g_assert_cmpstr (set->catalogue_register, ==, "voorzieningen");
  assert_label (set, "organisatie", "naam", in_ui ("Name", "Naam"));
  assert_label (set, "organisatie", "deelnemers", in_ui ("Participants", "Deelnemers"));
  assert_label (set, "contactpersoon", "functie", in_ui ("Job Title", "Functie"));
  assert_label (set, "contactpersoon", "organisatie", in_ui ("Organisation", "Organisatie"));
  assert_label (set, "gebruik", "afnemer", in_ui ("Customer", "Afnemer"));
  g_assert_cmpstr (swc_schema_label (swc_schema_set_lookup (set, "contactpersoon")), ==,
                   in_ui ("Contact Person", "Contactpersoon"));
  g_assert_cmpstr (swc_schema_label (swc_schema_set_lookup (set, "gebruik")), ==,
                   in_ui ("Usage", "Gebruik"));
  g_assert_cmpstr (swc_labels_property ("shortDescription", "shortDescription", NULL), ==,
                   in_ui ("Short Description", "Korte beschrijving"));
}

static void
test_unknown (void)
{
  g_autoptr(SwcSchemaSet) set = schema_set (schemas_2025);

  /* a field the app does not know: the backend's title, else its name */
  assert_label (set, "organisatie", "huisstijlkleur", "Huisstijlkleur");
  assert_label (set, "organisatie", "zonderTitel", "zonderTitel");
  g_assert_cmpstr (swc_labels_schema ("vulnerabilityScan", "Vulnerability Scan"), ==,
                   "Vulnerability Scan");
  g_assert_cmpstr (swc_labels_schema ("vulnerabilityScan", NULL), ==, "vulnerabilityScan");
}

static void
test_values (void)
{
  g_assert_cmpstr (swc_labels_value ("Gemeente"), ==, in_ui ("Municipality", "Gemeente"));
  g_assert_cmpstr (swc_labels_value ("Municipality"), ==, in_ui ("Municipality", "Gemeente"));
  g_assert_cmpstr (swc_labels_value ("Collaboration"), ==, in_ui ("Collaboration", "Samenwerking"));
  g_assert_cmpstr (swc_labels_value ("Concept"), ==, in_ui ("Draft", "Concept"));
  g_assert_cmpstr (swc_labels_value ("Active"), ==, in_ui ("Active", "Actief"));
  g_assert_cmpstr (swc_labels_value ("In production"), ==, in_ui ("In Production", "In productie"));
  g_assert_cmpstr (swc_labels_value ("Open source"), ==, in_ui ("Open Source", "Open source"));
  /* a value outside the enum: as it is */
  g_assert_cmpstr (swc_labels_value ("iets anders"), ==, "iets anders");
}

static void
test_messages (void)
{
  g_autoptr(SwcSchemaSet) set = schema_set (schemas_2025);
  SwcSchema *org = swc_schema_set_lookup (set, "organisatie");
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (o, "naam", "Regio Noord");
  json_object_set_string_member (o, "kvkNummer", "1234");
  json_object_set_string_member (o, "website", "regio-noord");
  g_assert_false (swc_validate_object (org, o, NULL, &error));
  g_assert_error (error, SWC_ERROR, SWC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, in_ui ("KvK Number must be 8 digits",
                                                   "KvK-nummer moet uit 8 cijfers bestaan")));
  g_assert_nonnull (strstr (error->message, in_ui ("Website is not a web address",
                                                   "Website is geen geldig webadres")));
  g_assert_null (strstr (error->message, "Chamber"));
  g_assert_null (strstr (error->message, "*"));
  g_clear_error (&error);
  json_object_remove_member (o, "naam");
  json_object_set_string_member (o, "kvkNummer", "12345678");
  json_object_set_string_member (o, "website", "https://www.regionoord.nl");
  g_assert_false (swc_validate_object (org, o, NULL, &error));
  g_assert_cmpstr (error->message, ==, in_ui ("Name is required", "Naam is verplicht"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("SWC_LOCALEDIR") ? g_getenv ("SWC_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  dutch = g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "nl");
  /* the Dutch run must really read the translations: without them it would test English twice */
  if (dutch)
    g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "field", "Name"), ==, "Naam");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/labels/vocabulary-2025", test_vocabulary_2025);
  g_test_add_func ("/labels/vocabulary-2026", test_vocabulary_2026);
  g_test_add_func ("/labels/unknown", test_unknown);
  g_test_add_func ("/labels/values", test_values);
  g_test_add_func ("/labels/messages", test_messages);
  return g_test_run ();
}
