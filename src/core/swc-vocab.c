/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one table of the backend's words: what a register, schema, field and stored value is called
 * in the 2025 dialect (OpenRegister v1.0, Dutch register "voorzieningen") and in the 2026 one
 * (stackiq 2.4.4, English; api-2026.md §2, stackiq lib/Repair/RenameDutch*.php), and what each
 * means.
 *
 * The local store holds the 2025 words whichever backend it was filled from: objects and schemas
 * are translated as they come in (sync, answers to writes) and as they go out (the queue), so a
 * backend that changes dialect needs a fresh sync and nothing else, and a queued change is never
 * sent in the wrong words. Above the core, code speaks meanings (SwcKind, SwcField, SwcOrgStatus
 * …), never words. */
#define G_LOG_DOMAIN "swc-vocab"

#include "config.h"

#include <string.h>

#include "swc-vocab.h"

typedef struct
{
  SwcKind kind;
  const char *store;   /* the 2025 slug, which the store uses */
  const char *names26; /* the 2026 slugs, '|'-separated, the first the one written */
} Slug;

static const Slug slugs[] = {
  { SWC_KIND_ORGANISATION, "organisatie", "organization" },
  { SWC_KIND_CONTACT_PERSON, "contactpersoon", "contactPerson" },
  { SWC_KIND_USAGE, "gebruik", "usage" },
  { SWC_KIND_APPLICATION, "module", "module" },
  { SWC_KIND_APPLICATION_VERSION, "moduleVersie", "moduleVersion" },
  { SWC_KIND_CONNECTION, "koppeling", "connection" },
  { SWC_KIND_SERVICE, "dienst", "service|catalogService" },
  { SWC_KIND_PRODUCT, "product", "product" },
  { SWC_KIND_CONTRACT, "contract", "contract|catalogContract" },
  { SWC_KIND_COMPLIANCY, "compliancy", "compliancy" },
  { SWC_KIND_SECTOR, "sector", "sector" },
  { SWC_KIND_VULNERABILITY, "kwetsbaarheid", "vulnerability" },
  { SWC_KIND_ASSESSMENT, "beoordeeling", "assessment|software-review" },
};

/* A field's name per dialect; `schemas` limits a row to those store slugs ('|'-separated), NULL:
 * all. */
typedef struct
{
  const char *schemas;
  const char *store;
  const char *word26;
} Word;

static const Word properties[] = {
  { NULL, "naam", "name" },
  { NULL, "beschrijvingKort", "shortDescription" },
  { NULL, "beschrijvingLang", "longDescription" },
  { NULL, "aanbieder", "provider" },
  { "organisatie|gebruik", "deelnemers", "participants" },
  { "contactpersoon", "organisatie", "organization" },
  { "contactpersoon", "functie", "role" },
  { "contactpersoon", "rollen", "roles" },
  { "contactpersoon", "notificaties", "notifications" },
  { "gebruik", "afnemer", "consumer" },
  { "gebruik", "moduleVersie", "moduleVersion" },
  { "gebruik", "startDatumVerwerving", "startDateAcquisition" },
  { "gebruik", "startDatumGepland", "startDatePlanned" },
  { "gebruik", "startDatumInProductie", "startDateInProduction" },
  { "gebruik", "startDatumUitTeFaseren", "startDateOutPhasing" },
  { "gebruik", "startDatumUitGefaseerd", "startDateOutPhased" },
  { "gebruik", "interneAantekening", "interneAnnotation" },
  { "module", "licentie", "licence" },
  { "module", "referentieComponenten", "referenceComponents" },
  { "contract", "contractNummer", "contractNumber" },
  { "contract", "startDatum", "startDate" },
  { "contract", "eindDatum", "endDate" },
  { "contract", "kostenPeriode", "costPeriod" },
};

/* A stored value per dialect, and what it means where the app needs to know. */
typedef struct
{
  const char *schemas;  /* store slugs, '|'-separated; NULL: any schema */
  const char *property; /* the store's property name */
  int meaning;
  const char *store;
  const char *word26;
} Value;

static const Value values[] = {
  { "organisatie", "type", SWC_ORG_TYPE_MUNICIPALITY, "Gemeente", "Municipality" },
  { "organisatie", "type", SWC_ORG_TYPE_SUPPLIER, "Leverancier", "Supplier" },
  { "organisatie", "type", SWC_ORG_TYPE_COLLABORATION, "Samenwerking", "Collaboration" },
  { "organisatie", "type", SWC_ORG_TYPE_COMMUNITY, "Community", "Community" },
  { "organisatie", "status", SWC_ORG_STATUS_DRAFT, "Concept", "Draft" },
  { "organisatie", "status", SWC_ORG_STATUS_ACTIVE, "Actief", "Active" },
  { "organisatie", "status", SWC_ORG_STATUS_INACTIVE, "Deactief", "Inactive" },
  { "organisatie", "status", SWC_ORG_STATUS_MERGED, "samengevoegd", "merged" },
  { "gebruik", "status", 0, "Verwerving", "Acquisition" },
  { "gebruik", "status", 0, "Gepland", "Planned" },
  { "gebruik", "status", 0, "In productie", "In production" },
  { "gebruik", "status", 0, "Uit te faseren", "To be phased out" },
  { "gebruik", "status", 0, "Uitgefaseerd", "Phased out" },
  { NULL, "registeredBy", 0, "Gemeente", "Municipality" },
  { NULL, "registeredBy", 0, "Applicatie", "Application" },
  { NULL, "registeredBy", 0, "Samenwerking", "Collaboration" },
  { NULL, "registeredBy", 0, "Leverancier", "Supplier" },
  { "koppeling|moduleVersie", "status", 0, "in ontwikkeling", "in development" },
  { "koppeling|moduleVersie", "status", 0, "in gebruik", "in use" },
  { "koppeling|moduleVersie", "status", 0, "einde ondersteuning", "end of support" },
  { "koppeling|moduleVersie", "status", 0, "teruggetrokken", "withdrawn" },
  { "koppeling", "type", 0, "n.v.t.", "n/a" },
  { "koppeling", "type", 0, "bestandsoverdracht", "file transfer" },
  { "koppeling", "type", 0, "upload naar portaal", "upload to portal" },
  { "module", "type", 0, "Applicatie", "Application" },
  { "module", "type", 0, "Systeemsoftware", "System software" },
  { "contract", "contractType", 0, "Licentie", "Licence" },
  { "contract", "contractType", 0, "Onderhoud", "Maintenance" },
  { "contract", "status", 0, "Actief", "Active" },
  { "contract", "status", 0, "Verlopen", "Expired" },
  { "contract", "status", 0, "In onderhandeling", "In negotiation" },
  { "contract", "kostenPeriode", 0, "Maandelijks", "Monthly" },
  { "contract", "kostenPeriode", 0, "Jaarlijks", "Annually" },
  { "contract", "kostenPeriode", 0, "Eenmalig", "One-off" },
};

static const char *const fields[SWC_N_FIELDS] = {
  [SWC_FIELD_NAME] = "naam",
  [SWC_FIELD_PARTICIPANTS] = "deelnemers",
  [SWC_FIELD_MEMBERSHIPS] = "deelnames",
  [SWC_FIELD_CONSUMER] = "afnemer",
  [SWC_FIELD_PROVIDER] = "aanbieder",
  [SWC_FIELD_DESCRIPTION] = "beschrijvingKort",
  [SWC_FIELD_LONG_DESCRIPTION] = "beschrijvingLang",
  [SWC_FIELD_TYPE] = "type",
  [SWC_FIELD_STATUS] = "status",
  [SWC_FIELD_ORGANISATION] = "organisatie",
  [SWC_FIELD_CONTACT_PERSONS] = "contactpersonen",
  [SWC_FIELD_EMAIL] = "e-mailadres",
  [SWC_FIELD_WEBSITE] = "website",
  [SWC_FIELD_PHONE] = "telefoonnummer",
  [SWC_FIELD_KVK] = "kvkNummer",
  [SWC_FIELD_CBS] = "cbsCode",
  [SWC_FIELD_FIRST_NAME] = "voornaam",
  [SWC_FIELD_INFIX] = "tussenvoegsel",
  [SWC_FIELD_LAST_NAME] = "achternaam",
  [SWC_FIELD_JOB_TITLE] = "functie",
  [SWC_FIELD_ROLES] = "rollen",
  [SWC_FIELD_USERNAME] = "username",
  [SWC_FIELD_LICENCE_TYPE] = "licentietype",
  [SWC_FIELD_REGISTERED_BY] = "registeredBy",
  [SWC_FIELD_APPLICATION] = "module",
  [SWC_FIELD_MERGED_INTO] = "mergedInto",
  [SWC_FIELD_REGISTRATION_STATUS] = "registrationStatus",
};

/* Is `name` one of the '|'-separated `names`? */
static gboolean
in_list (const char *names, const char *name)
{
  gsize len = strlen (name);

  for (const char *p = names; p != NULL; p = strchr (p, '|'), p = p ? p + 1 : NULL)
    if (strncmp (p, name, len) == 0 && (p[len] == '\0' || p[len] == '|'))
      return TRUE;
  return FALSE;
}

/* The first of the '|'-separated names, in a static buffer per row: the word written. */
static const char *
first_name (const Slug *row)
{
  static char *firsts[G_N_ELEMENTS (slugs)];
  gsize i = row - slugs;

  if (g_once_init_enter (&firsts[i]))
    g_once_init_leave (&firsts[i], g_strndup (row->names26, strcspn (row->names26, "|")));
  return firsts[i];
}

static gboolean
applies (const char *schemas, const char *slug)
{
  return schemas == NULL || (slug != NULL && in_list (schemas, slug));
}

SwcKind
swc_kind_from_slug (const char *slug)
{
  for (gsize i = 0; slug && i < G_N_ELEMENTS (slugs); i++)
    if (g_str_equal (slugs[i].store, slug) || in_list (slugs[i].names26, slug))
      return slugs[i].kind;
  return SWC_KIND_OTHER;
}

const char *
swc_kind_slug (SwcKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (slugs); i++)
    if (slugs[i].kind == kind)
      return slugs[i].store;
  return NULL;
}

const char *
swc_field_key (SwcField field)
{
  g_return_val_if_fail (field < SWC_N_FIELDS, NULL);
  return fields[field];
}

const char *
swc_dialect_name (SwcDialect dialect)
{
  return dialect == SWC_DIALECT_2026 ? "2026" : "2025";
}

/* ---- meanings of stored values ---- */

static const char *
string_of (JsonObject *o, const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

static int
meaning_of (const char *slug, const char *property, const char *value, int none, int other)
{
  if (value == NULL || *value == '\0')
    return none;
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].property, property) && applies (values[i].schemas, slug) &&
        g_ascii_strcasecmp (values[i].store, value) == 0)
      return values[i].meaning;
  return other;
}

static const char *
value_of (const char *slug, const char *property, int meaning)
{
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    if (values[i].meaning == meaning && g_str_equal (values[i].property, property) &&
        applies (values[i].schemas, slug))
      return values[i].store;
  return NULL;
}

SwcOrgStatus
swc_org_status (JsonObject *org)
{
  return meaning_of ("organisatie", "status", string_of (org, "status"), SWC_ORG_STATUS_NONE,
                     SWC_ORG_STATUS_OTHER);
}

SwcOrgType
swc_org_type_from_value (const char *value)
{
  return meaning_of ("organisatie", "type", value, SWC_ORG_TYPE_NONE, SWC_ORG_TYPE_OTHER);
}

SwcOrgType
swc_org_type (JsonObject *org)
{
  return swc_org_type_from_value (string_of (org, "type"));
}

SwcRegistration
swc_org_registration (JsonObject *org)
{
  const char *s = string_of (org, "registrationStatus");

  if (g_strcmp0 (s, "pending") == 0)
    return SWC_REGISTRATION_PENDING;
  if (g_strcmp0 (s, "active") == 0)
    return SWC_REGISTRATION_ACTIVE;
  if (g_strcmp0 (s, "rejected") == 0)
    return SWC_REGISTRATION_REJECTED;
  return SWC_REGISTRATION_NONE;
}

const char *
swc_org_status_value (SwcOrgStatus status)
{
  return value_of ("organisatie", "status", status);
}

const char *
swc_org_type_value (SwcOrgType type)
{
  return value_of ("organisatie", "type", type);
}

/* Suppliers and communities offer applications (and their people manage the offer). */
gboolean
swc_org_type_offers (SwcOrgType type)
{
  return type == SWC_ORG_TYPE_SUPPLIER || type == SWC_ORG_TYPE_COMMUNITY;
}

/* ---- the boundary ---- */

const char *
swc_vocab_register_in (SwcDialect dialect, const char *slug)
{
  return dialect == SWC_DIALECT_2026 && g_strcmp0 (slug, "stackiq") == 0 ? "voorzieningen" : slug;
}

const char *
swc_vocab_register_out (SwcDialect dialect, const char *slug)
{
  return dialect == SWC_DIALECT_2026 && g_strcmp0 (slug, "voorzieningen") == 0 ? "stackiq" : slug;
}

const char *
swc_vocab_slug_in (SwcDialect dialect, const char *slug)
{
  if (dialect == SWC_DIALECT_2025 || slug == NULL)
    return slug;
  for (gsize i = 0; i < G_N_ELEMENTS (slugs); i++)
    if (in_list (slugs[i].names26, slug))
      return slugs[i].store;
  return slug;
}

const char *
swc_vocab_slug_out (SwcDialect dialect, const char *slug)
{
  if (dialect == SWC_DIALECT_2025 || slug == NULL)
    return slug;
  for (gsize i = 0; i < G_N_ELEMENTS (slugs); i++)
    if (g_str_equal (slugs[i].store, slug))
      return first_name (&slugs[i]);
  return slug;
}

const char *
swc_vocab_property_in (SwcDialect dialect, const char *slug, const char *property)
{
  if (dialect == SWC_DIALECT_2025 || property == NULL)
    return property;
  for (gsize i = 0; i < G_N_ELEMENTS (properties); i++)
    if (g_str_equal (properties[i].word26, property) && applies (properties[i].schemas, slug))
      return properties[i].store;
  return property;
}

const char *
swc_vocab_property_out (SwcDialect dialect, const char *slug, const char *property)
{
  if (dialect == SWC_DIALECT_2025 || property == NULL)
    return property;
  for (gsize i = 0; i < G_N_ELEMENTS (properties); i++)
    if (g_str_equal (properties[i].store, property) && applies (properties[i].schemas, slug))
      return properties[i].word26;
  return property;
}

/* Does the table know stored values of this property (a list of them is worth reading)? */
gboolean
swc_vocab_has_values (const char *slug, const char *property)
{
  for (gsize i = 0; property && i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].property, property) && applies (values[i].schemas, slug))
      return TRUE;
  return FALSE;
}

/* A word in the case the other side wrote its own in: "concept" comes back as "draft", "Concept" as
 * "Draft" (the seed and real stores hold both, and a change's base must compare equal to the
 * server's copy). */
static const char *
in_case_of (const char *word, const char *table_word, const char *value)
{
  g_autofree char *lower = NULL;

  if (strcmp (table_word, value) == 0)
    return word;
  lower = g_ascii_strdown (word, -1);
  return g_intern_string (lower);
}

/* `property` is the store's name in both directions. Stored values differ in case now and then
 * ("concept" beside "Concept"): they are matched without it, and keep it (in_case_of). */
const char *
swc_vocab_value_in (SwcDialect dialect, const char *slug, const char *property, const char *value)
{
  if (dialect == SWC_DIALECT_2025 || value == NULL || property == NULL)
    return value;
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].property, property) && applies (values[i].schemas, slug) &&
        g_ascii_strcasecmp (values[i].word26, value) == 0)
      return in_case_of (values[i].store, values[i].word26, value);
  return value;
}

const char *
swc_vocab_value_out (SwcDialect dialect, const char *slug, const char *property, const char *value)
{
  if (dialect == SWC_DIALECT_2025 || value == NULL || property == NULL)
    return value;
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].property, property) && applies (values[i].schemas, slug) &&
        g_ascii_strcasecmp (values[i].store, value) == 0)
      return in_case_of (values[i].word26, values[i].store, value);
  return value;
}

typedef const char *(*ValueMap) (SwcDialect, const char *, const char *, const char *);

/* A value, or each string in a list of values, mapped in place. */
static void
map_values (SwcDialect dialect, const char *slug, const char *property, JsonNode *node,
            ValueMap map)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        map_values (dialect, slug, property, json_array_get_element (a, i), map);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *old = json_node_get_string (node);
      const char *new = map (dialect, slug, property, old);
      if (new != old)
        json_node_set_string (node, new);
    }
}

typedef const char *(*NameMap) (SwcDialect, const char *, const char *);

/* Renames the members of an object and maps their values in place; the values table is keyed by the
 * store's name of a member. A renamed member moves to the end. */
static void
translate_object (SwcDialect dialect, const char *slug, JsonObject *object, NameMap rename,
                  gboolean in, ValueMap map)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      const char *renamed = rename (dialect, slug, name);
      JsonNode *node = json_object_get_member (object, name);

      if (map != NULL)
        map_values (dialect, slug, in ? renamed : name, node, map);
      if (renamed != name && !json_object_has_member (object, renamed))
        {
          json_object_set_member (object, renamed, json_node_ref (node));
          json_object_remove_member (object, name);
        }
    }
}

void
swc_vocab_object_in (SwcDialect dialect, const char *slug, JsonObject *object)
{
  if (dialect == SWC_DIALECT_2025 || object == NULL)
    return;
  translate_object (dialect, slug, object, swc_vocab_property_in, TRUE, swc_vocab_value_in);
}

void
swc_vocab_object_out (SwcDialect dialect, const char *slug, JsonObject *object)
{
  if (dialect == SWC_DIALECT_2025 || object == NULL)
    return;
  translate_object (dialect, slug, object, swc_vocab_property_out, FALSE, swc_vocab_value_out);
}

/* "$ref" may be a slug, a path ("#/components/schemas/organization") or a numeric id: the last part
 * is translated. */
static void
ref_in (SwcDialect dialect, JsonObject *prop, const char *key)
{
  JsonNode *n = json_object_get_member (prop, key);
  const char *ref, *slash, *slug, *store;
  g_autofree char *prefix = NULL, *translated = NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return;
  ref = json_node_get_string (n);
  slash = strrchr (ref, '/');
  slug = slash ? slash + 1 : ref;
  store = swc_vocab_slug_in (dialect, slug);
  if (store == slug)
    return;
  prefix = g_strndup (ref, slug - ref);
  translated = g_strconcat (prefix, store, NULL);
  json_object_set_string_member (prop, key, translated);
}

static void
enum_in (SwcDialect dialect, const char *slug, const char *property, JsonObject *prop)
{
  JsonNode *items = json_object_get_member (prop, "items");

  if (json_object_has_member (prop, "enum"))
    map_values (dialect, slug, property, json_object_get_member (prop, "enum"), swc_vocab_value_in);
  if (json_object_has_member (prop, "default"))
    map_values (dialect, slug, property, json_object_get_member (prop, "default"),
                swc_vocab_value_in);
  if (items && JSON_NODE_HOLDS_OBJECT (items))
    {
      JsonObject *io = json_node_get_object (items);
      if (json_object_has_member (io, "enum"))
        map_values (dialect, slug, property, json_object_get_member (io, "enum"),
                    swc_vocab_value_in);
      ref_in (dialect, io, "$ref");
    }
  ref_in (dialect, prop, "$ref");
  ref_in (dialect, prop, "ref");
  ref_in (dialect, prop, "itemsRef");
}

static void
names_in (SwcDialect dialect, const char *slug, JsonNode *list)
{
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (list), i);
      const char *old, *new;
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        continue;
      old = json_node_get_string (e);
      new = swc_vocab_property_in (dialect, slug, old);
      if (new != old) /* json_node_set_string frees the old text first */
        json_node_set_string (e, new);
    }
}

/* A schema as /api/schemas gives it, into the store's words: its slug, its properties' names, their
 * choices and references, its required list and its name field. */
void
swc_vocab_schema_in (SwcDialect dialect, JsonObject *schema)
{
  const char *server_slug = json_object_get_string_member_with_default (schema, "slug", NULL);
  const char *slug = swc_vocab_slug_in (dialect, server_slug);
  JsonNode *props = json_object_get_member (schema, "properties");
  JsonNode *config = json_object_get_member (schema, "configuration");

  if (dialect == SWC_DIALECT_2025 || slug == NULL)
    return;
  if (slug != server_slug)
    json_object_set_string_member (schema, "slug", slug);
  if (props && JSON_NODE_HOLDS_OBJECT (props))
    {
      JsonObject *po = json_node_get_object (props);
      g_autoptr(GList) names = json_object_get_members (po);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *p = json_object_get_member (po, l->data);
          if (JSON_NODE_HOLDS_OBJECT (p))
            enum_in (dialect, slug, swc_vocab_property_in (dialect, slug, l->data),
                     json_node_get_object (p));
        }
      translate_object (dialect, slug, po, swc_vocab_property_in, TRUE, NULL);
    }
  names_in (dialect, slug, json_object_get_member (schema, "required"));
  if (config && JSON_NODE_HOLDS_OBJECT (config))
    {
      JsonObject *co = json_node_get_object (config);
      const char *name_field =
          json_object_get_string_member_with_default (co, "objectNameField", NULL);
      /* 2026 names organisations and contact persons by their contact card, usages by their
       * customer: not a name a person reads (api-2026.md §2); the store's names come from the
       * fields then */
      if (g_strcmp0 (name_field, "contactsUid") == 0 || g_strcmp0 (name_field, "consumer") == 0)
        json_object_remove_member (co, "objectNameField");
      else if (name_field)
        json_object_set_string_member (co, "objectNameField",
                                       swc_vocab_property_in (dialect, slug, name_field));
    }
}
