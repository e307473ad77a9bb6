/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the app calls the backend's schemas, fields and choices, in the user's language: the app's
 * own translations keyed by what a thing is, for both vocabularies (the 2025 Dutch names and the
 * 2026 English ones, schemas-2026-changes.md). The backend's titles are a mix of English and Dutch
 * ("Chamber of Commerce Number", "Omvat" for three different fields): they are shown only for a
 * field the app does not know. */
#define G_LOG_DOMAIN "swc-labels"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-labels.h"

/* Each row lists the names one thing has, separated by '|'. */
typedef struct
{
  const char *names;
  const char *label; /* English msgid */
} Label;

/* A field whose meaning depends on its schema: checked before the general table. */
typedef struct
{
  const char *schemas;
  const char *names;
  const char *label;
} SchemaLabel;

static const Label kinds[] = {
  { "organisatie|organization", NC_("kind", "Organisation") },
  { "contactpersoon|contactPerson", NC_("kind", "Contact Person") },
  { "module", NC_("kind", "Application") },
  { "moduleVersie|moduleVersion", NC_("kind", "Application Version") },
  { "gebruik|usage", NC_("kind", "Usage") },
  { "koppeling|connection", NC_("kind", "Link") },
  { "dienst|service|catalogService", NC_("kind", "Service") },
  { "product", NC_("kind", "Product") },
  { "contract|catalogContract", NC_("kind", "Contract") },
  { "compliancy", NC_("kind", "Compliance") },
  { "suite", NC_("kind", "Suite") },
  { "sector", NC_("kind", "Sector") },
  { "kwetsbaarheid|vulnerability", NC_("kind", "Vulnerability") },
  { "beoordeeling|assessment|software-review", NC_("kind", "Assessment") },
  { "bioMaatregel|bioMeasure", NC_("kind", "BIO Measure") },
  { "sbomComponent", NC_("kind", "SBOM Component") },
  { "page", NC_("kind", "Page") },
  { "menu", NC_("kind", "Menu") },
  { "glossary", NC_("kind", "Glossary Term") },
  { "theme", NC_("kind", "Theme") },
};

static const SchemaLabel schema_fields[] = {
  { "organisatie|organization", "type", NC_("field", "Organisation Type") },
  { "dienst|service|catalogService", "type", NC_("field", "Service Type") },
  { "contactpersoon|contactPerson", "role", NC_("field", "Job Title") },
  { "contract|catalogContract", "type", NC_("field", "Contract Type") },
};

static const Label fields[] = {
  /* organisations */
  { "naam|name", NC_("field", "Name") },
  { "beschrijvingKort|shortDescription", NC_("field", "Short Description") },
  { "beschrijvingLang|longDescription", NC_("field", "Long Description") },
  { "beschrijving|description|omschrijving", NC_("field", "Description") },
  { "summary|samenvatting", NC_("field", "Summary") },
  { "logo", NC_("field", "Logo") },
  { "image|afbeelding", NC_("field", "Image") },
  { "cbsCode", NC_("field", "CBS Code") },
  { "kvkNummer|kvkNumber", NC_("field", "KvK Number") },
  { "oin", NC_("field", "OIN") },
  { "tooi", NC_("field", "TOOI") },
  { "rsin", NC_("field", "RSIN") },
  { "pki", NC_("field", "PKI") },
  { "contactsUid", NC_("field", "Contact Card") },
  { "contactpersonen|contactPersons", NC_("field", "Contact Persons") },
  { "e-mailadres|email|emailAddress", NC_("field", "Email Address") },
  { "website", NC_("field", "Website") },
  { "telefoonnummer|phoneNumber|phone", NC_("field", "Phone Number") },
  { "deelnames", NC_("field", "Memberships") },
  { "deelnemers|participants", NC_("field", "Participants") },
  { "type", NC_("field", "Type") },
  { "status", NC_("field", "Status") },
  { "mergedInto", NC_("field", "Merged Into") },
  { "registrationStatus|registratiestatus", NC_("field", "Registration Status") },
  { "publicationDate|publicatiedatum", NC_("field", "Publication Date") },
  { "depublicationDate|depublicatiedatum", NC_("field", "Unpublication Date") },
  { "samenwerkingtype", NC_("field", "Collaboration Type") },
  { "registeredBy|aangemeldDoor", NC_("field", "Registered By") },
  /* contact persons */
  { "voornaam|firstName", NC_("field", "First Name") },
  { "tussenvoegsel|infix", NC_("field", "Surname Prefix") },
  { "achternaam|lastName", NC_("field", "Last Name") },
  { "functie", NC_("field", "Job Title") },
  { "organisatie|organization|organisation", NC_("field", "Organisation") },
  { "username", NC_("field", "User Name") },
  { "isAanspreekpunt", NC_("field", "Point of Contact") },
  { "notificaties|notifications", NC_("field", "Notifications") },
  { "rollen|roles", NC_("field", "Roles") },
  /* applications */
  { "licentietype|licenseType|licenceType", NC_("field", "Licence Type") },
  { "licentie|licence|license", NC_("field", "Licence") },
  { "referentieComponenten|referenceComponents", NC_("field", "Reference Components") },
  { "contactpersoon|contactPerson|contact", NC_("field", "Contact Person") },
  { "cloudDienstverleningsmodel", NC_("field", "Cloud Service Model") },
  { "hostingJurisdictie|hostingJurisdiction", NC_("field", "Hosting Jurisdiction") },
  { "hostingLocatie|hostingLocation", NC_("field", "Hosting Location") },
  { "aanbieder|provider", NC_("field", "Supplier") },
  { "diensten|services", NC_("field", "Services") },
  { "gebruik|usages", NC_("field", "Usage") },
  { "koppelingen|connections", NC_("field", "Links") },
  { "omvat|includes", NC_("field", "Includes") },
  { "onderdeelVan|partOf", NC_("field", "Part Of") },
  { "moduleVersies|moduleVersions", NC_("field", "Versions") },
  { "compliancy", NC_("field", "Compliance") },
  { "standaarden|standards", NC_("field", "Standards") },
  { "standardsGemma", NC_("field", "GEMMA Standards") },
  { "standaardversies|standardVersions", NC_("field", "Standard Versions") },
  { "standaardversie|standardVersion", NC_("field", "Standard Version") },
  /* versions and links */
  { "module", NC_("field", "Application") },
  { "modules", NC_("field", "Applications") },
  { "moduleVersie|moduleVersion", NC_("field", "Application Version") },
  { "versie|version", NC_("field", "Version") },
  { "datumInOntwikkeling", NC_("field", "In Development Since") },
  { "datumInGebruik", NC_("field", "In Use Since") },
  { "datumEindeOndersteuning", NC_("field", "End of Support") },
  { "datumTeruggetrokken", NC_("field", "Withdrawn On") },
  { "gegevensuitwisselingRichting", NC_("field", "Direction of Exchange") },
  { "moduleA", NC_("field", "Application A") },
  { "moduleB", NC_("field", "Application B") },
  { "buitengemeentelijkVoorziening", NC_("field", "External Facility") },
  { "gerealiseerdMetIntermediairModule", NC_("field", "Through an Intermediary Application") },
  /* usage */
  { "afnemer|consumer", NC_("field", "Customer") },
  { "product", NC_("field", "Product") },
  { "producten|products", NC_("field", "Products") },
  { "startDatumVerwerving|startDateAcquisition", NC_("field", "Acquisition Since") },
  { "startDatumGepland|startDatePlanned", NC_("field", "Planned Start") },
  { "startDatumInProductie|startDateInProduction", NC_("field", "In Production Since") },
  { "startDatumUitTeFaseren|startDateOutPhasing", NC_("field", "Phasing Out Since") },
  { "startDatumUitGefaseerd|startDateOutPhased", NC_("field", "Phased Out Since") },
  { "interneAantekening|interneAnnotation", NC_("field", "Internal Note") },
  { "gebruiktVoorReferentiecomponenten|usedForReferenceComponents",
    NC_("field", "Used for Reference Components") },
  { "amefElements", NC_("field", "AMEF Elements") },
  { "plannedReplacement", NC_("field", "Planned Replacement") },
  { "plannedReplacementDate", NC_("field", "Planned Replacement Date") },
  { "timeClassification", NC_("field", "TIME Classification") },
  { "timeRationale", NC_("field", "TIME Rationale") },
  { "timeReviewDate", NC_("field", "TIME Review Date") },
  /* contracts */
  { "dienst|service", NC_("field", "Service") },
  { "startDatum|startDate", NC_("field", "Start Date") },
  { "eindDatum|endDate", NC_("field", "End Date") },
  { "contractNummer|contractNumber", NC_("field", "Contract Number") },
  { "contractType", NC_("field", "Contract Type") },
  { "kosten|costs", NC_("field", "Costs") },
  { "kostenPeriode|costPeriod", NC_("field", "Cost Period") },
  { "contactpersoonAanbieder", NC_("field", "Supplier Contact Person") },
  { "contactpersoonGebruiker", NC_("field", "Customer Contact Person") },
  { "documentReferentie|documentReference", NC_("field", "Document Reference") },
  { "opmerkingen|remarks", NC_("field", "Remarks") },
  /* pages, menus, glossary, themes */
  { "title", NC_("field", "Title") },
  { "slug", NC_("field", "Slug") },
  { "contents|content", NC_("field", "Content") },
  { "groups", NC_("field", "Groups") },
  { "hideAfterLogin", NC_("field", "Hidden After Login") },
  { "hideBeforeLogin", NC_("field", "Hidden Before Login") },
  { "position", NC_("field", "Position") },
  { "items", NC_("field", "Menu Items") },
  { "externalLink", NC_("field", "External Link") },
  { "keywords", NC_("field", "Keywords") },
  { "link|url", NC_("field", "Link") },
  { "icon", NC_("field", "Icon") },
  { "isExternal", NC_("field", "External") },
  { "sort", NC_("field", "Order") },
};

static const Label values[] = {
  /* organisation types and who registered something */
  { "Gemeente|Municipality", NC_("value", "Municipality") },
  { "Leverancier|Supplier", NC_("value", "Supplier") },
  { "Samenwerking|Collaboration", NC_("value", "Collaboration") },
  { "Community", NC_("value", "Community") },
  { "Applicatie|Application", NC_("value", "Application") },
  /* organisation status and registration */
  { "Concept|Draft|concept", NC_("value", "Draft") },
  { "Actief|Active|active|actief", NC_("value", "Active") },
  { "Deactief|Inactive", NC_("value", "Inactive") },
  { "samengevoegd|merged|Merged|Samengevoegd", NC_("value", "Merged") },
  { "pending", NC_("value", "Waiting for Review") },
  { "rejected", NC_("value", "Rejected") },
  /* usage status */
  { "Verwerving|Acquisition", NC_("value", "Acquisition") },
  { "Gepland|Planned", NC_("value", "Planned") },
  { "In productie|In production", NC_("value", "In Production") },
  { "Uit te faseren|To be phased out", NC_("value", "To Be Phased Out") },
  { "Uitgefaseerd|Phased out", NC_("value", "Phased Out") },
  /* version and link status */
  { "in ontwikkeling|in development", NC_("value", "In Development") },
  { "in gebruik|in use|in-gebruik", NC_("value", "In Use") },
  { "einde ondersteuning|end of support", NC_("value", "End of Support") },
  { "teruggetrokken|withdrawn", NC_("value", "Withdrawn") },
  /* applications */
  { "Systeemsoftware|System software", NC_("value", "System Software") },
  { "Closed source", NC_("value", "Closed Source") },
  { "Open source", NC_("value", "Open Source") },
  /* contracts */
  { "Licentie|Licence", NC_("value", "Licence") },
  { "Onderhoud|Maintenance", NC_("value", "Maintenance") },
  { "Maandelijks|Monthly", NC_("value", "Monthly") },
  { "Jaarlijks|Annually", NC_("value", "Annually") },
  { "Eenmalig|One-off", NC_("value", "One-off") },
  { "Verlopen|Expired", NC_("value", "Expired") },
  { "In onderhandeling|In negotiation", NC_("value", "In Negotiation") },
  /* direction of a link */
  { "AnaarB", NC_("value", "From A to B") },
  { "BnaarA", NC_("value", "From B to A") },
  { "bi-directioneel", NC_("value", "Both Ways") },
};

/* Whether name is one of the '|'-separated names. */
static gboolean
names_contain (const char *names, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = names; p != NULL; p = strchr (p, '|') ? strchr (p, '|') + 1 : NULL)
    if (strncmp (p, name, len) == 0 && (p[len] == '|' || p[len] == '\0'))
      return TRUE;
  return FALSE;
}

static const char *
find (const Label *table, gsize n, const char *context, const char *name)
{
  for (gsize i = 0; name != NULL && i < n; i++)
    if (names_contain (table[i].names, name))
      return g_dpgettext2 (GETTEXT_PACKAGE, context, table[i].label);
  return NULL;
}

/* What a kind of object is called ("Contactpersoon"), by its schema's slug in either vocabulary;
 * fallback (the backend's title) for a schema the app does not know, or the slug. */
const char *
swc_labels_schema (const char *schema, const char *fallback)
{
  const char *label = find (kinds, G_N_ELEMENTS (kinds), "kind", schema);

  return label ? label : fallback ? fallback : schema;
}

/* What a field is called ("KvK-nummer"), by its schema and property name in either vocabulary;
 * fallback (the backend's title) for a field the app does not know, or the property's name. */
const char *
swc_labels_property (const char *schema, const char *property, const char *fallback)
{
  const char *label = NULL;

  g_return_val_if_fail (property != NULL, NULL);

  for (gsize i = 0; schema != NULL && label == NULL && i < G_N_ELEMENTS (schema_fields); i++)
    if (names_contain (schema_fields[i].schemas, schema) &&
        names_contain (schema_fields[i].names, property))
      label = g_dpgettext2 (GETTEXT_PACKAGE, "field", schema_fields[i].label);
  if (label == NULL)
    label = find (fields, G_N_ELEMENTS (fields), "field", property);
  return label ? label : fallback && *fallback ? fallback : property;
}

/* A choice as the user reads it ("Gemeente" for "Municipality" in Dutch); a value the app does not
 * know as it is (stores hold values outside their enums). */
const char *
swc_labels_value (const char *value)
{
  const char *label = find (values, G_N_ELEMENTS (values), "value", value);

  return label ? label : value;
}
