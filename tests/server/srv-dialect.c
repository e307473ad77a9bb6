/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server's own copy of the 2025 ↔ 2026 word table (docs/backend-behaviour.md, "Dialects"):
 * register slug, schema slugs, property names and enum values of the catalogue register. The 2026
 * dataset is the 2025 seed translated by this table; the schemas, and every word the server writes
 * itself in 2026 (merge tombstone, moderation, intake), come from it too. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-dialect.h"

#include <string.h>

typedef struct
{
  const char *from;
  const char *to;
} Pair;

typedef struct
{
  const char *schema; /* 2025 slug, or "*" for every schema of the register */
  const char *from;
  const char *to;
} PropPair;

typedef struct
{
  const char *schema; /* 2025 slug or "*" */
  const char *prop;   /* 2025 property name */
  const char *from;
  const char *to;
} ValuePair;

static const Pair slugs[] = { { "organisatie", "organization" },
                              { "contactpersoon", "contactPerson" },
                              { "gebruik", "usage" },
                              { "koppeling", "connection" },
                              { "moduleVersie", "moduleVersion" },
                              { "dienst", "service" },
                              { "kwetsbaarheid", "vulnerability" },
                              { "beoordeeling", "assessment" },
                              { NULL, NULL } };

static const PropPair props[] = { { "*", "naam", "name" },
                                  { "*", "beschrijvingKort", "shortDescription" },
                                  { "*", "beschrijvingLang", "longDescription" },
                                  { "*", "aanbieder", "provider" },
                                  { "organisatie", "deelnemers", "participants" },
                                  { "contactpersoon", "organisatie", "organization" },
                                  { "contactpersoon", "functie", "role" },
                                  { "contactpersoon", "rollen", "roles" },
                                  { "contactpersoon", "notificaties", "notifications" },
                                  { "gebruik", "afnemer", "consumer" },
                                  { "gebruik", "deelnemers", "participants" },
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
                                  { NULL, NULL, NULL } };

static const ValuePair values[] = {
  { "organisatie", "type", "Gemeente", "Municipality" },
  { "organisatie", "type", "Leverancier", "Supplier" },
  { "organisatie", "type", "Samenwerking", "Collaboration" },
  { "organisatie", "type", "Community", "Community" },
  { "organisatie", "status", "Concept", "Draft" },
  { "organisatie", "status", "Actief", "Active" },
  { "organisatie", "status", "Deactief", "Inactive" },
  { "organisatie", "status", "samengevoegd", "merged" },
  { "gebruik", "status", "Verwerving", "Acquisition" },
  { "gebruik", "status", "Gepland", "Planned" },
  { "gebruik", "status", "In productie", "In production" },
  { "gebruik", "status", "Uit te faseren", "To be phased out" },
  { "gebruik", "status", "Uitgefaseerd", "Phased out" },
  { "*", "registeredBy", "Gemeente", "Municipality" },
  { "*", "registeredBy", "Applicatie", "Application" },
  { "*", "registeredBy", "Samenwerking", "Collaboration" },
  { "*", "registeredBy", "Leverancier", "Supplier" },
  { "koppeling", "status", "in ontwikkeling", "in development" },
  { "koppeling", "status", "in gebruik", "in use" },
  { "koppeling", "status", "einde ondersteuning", "end of support" },
  { "koppeling", "status", "teruggetrokken", "withdrawn" },
  { "moduleVersie", "status", "in ontwikkeling", "in development" },
  { "moduleVersie", "status", "in gebruik", "in use" },
  { "moduleVersie", "status", "einde ondersteuning", "end of support" },
  { "moduleVersie", "status", "teruggetrokken", "withdrawn" },
  { "koppeling", "type", "n.v.t.", "n/a" },
  { "koppeling", "type", "bestandsoverdracht", "file transfer" },
  { "koppeling", "type", "upload naar portaal", "upload to portal" },
  { "module", "type", "Applicatie", "Application" },
  { "module", "type", "Systeemsoftware", "System software" },
  { "contract", "contractType", "Licentie", "Licence" },
  { "contract", "contractType", "Onderhoud", "Maintenance" },
  { "contract", "contractType", "SLA", "SLA" },
  { "contract", "status", "Actief", "Active" },
  { "contract", "status", "Verlopen", "Expired" },
  { "contract", "status", "In onderhandeling", "In negotiation" },
  { "contract", "kostenPeriode", "Maandelijks", "Monthly" },
  { "contract", "kostenPeriode", "Jaarlijks", "Annually" },
  { "contract", "kostenPeriode", "Eenmalig", "One-off" },
  { NULL, NULL, NULL, NULL }
};

gboolean
srv_dialect_parse (const char *text, int *dialect, GError **error)
{
  if (text == NULL || text[0] == '\0' || g_str_equal (text, "2025"))
    *dialect = 2025;
  else if (g_str_equal (text, "2026"))
    *dialect = 2026;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Unknown dialect '%s' (2025 or 2026)", text);
      return FALSE;
    }
  return TRUE;
}

const char *
srv_dialect_register_slug (Srv *srv)
{
  return srv->dialect == 2026 ? "stackiq" : "voorzieningen";
}

/* The app's id in its URL: stackiq in 2026; in 2025 softwarecatalog unless SWC_TESTSERVER_SC_APP
 * says. */
const char *
srv_dialect_app (Srv *srv)
{
  const char *env = g_getenv ("SWC_TESTSERVER_SC_APP");

  if (srv->dialect == 2026)
    return "stackiq";
  return env != NULL && env[0] != '\0' ? env : "softwarecatalog";
}

static const char *
slug_2026 (const char *slug_2025)
{
  for (guint i = 0; slugs[i].from; i++)
    if (g_str_equal (slugs[i].from, slug_2025))
      return slugs[i].to;
  return slug_2025;
}

const char *
srv_dialect_slug (Srv *srv, const char *slug_2025)
{
  return srv->dialect == 2026 ? slug_2026 (slug_2025) : slug_2025;
}

/* The 2025 slug of a slug of either dialect. */
const char *
srv_dialect_slug_2025 (const char *slug)
{
  for (guint i = 0; slugs[i].from; i++)
    if (g_str_equal (slugs[i].to, slug))
      return slugs[i].from;
  return slug;
}

static gboolean
schema_matches (const char *entry, const char *schema)
{
  return g_str_equal (entry, "*") || g_str_equal (entry, schema);
}

static const char *
prop_2026 (const char *schema, const char *prop)
{
  for (guint i = 0; props[i].from; i++)
    if (g_str_equal (props[i].from, prop) && g_str_equal (props[i].schema, schema))
      return props[i].to;
  for (guint i = 0; props[i].from; i++)
    if (g_str_equal (props[i].from, prop) && g_str_equal (props[i].schema, "*"))
      return props[i].to;
  return prop;
}

const char *
srv_dialect_prop (Srv *srv, const char *schema_2025, const char *prop_2025)
{
  return srv->dialect == 2026 ? prop_2026 (schema_2025, prop_2025) : prop_2025;
}

/* The 2026 word for a stored value; case-insensitive, and a value stored in lower case (the seed's
 * "concept") stays in lower case. Returns NULL when the value is not in the table (kept as it is).
 */
static char *
value_2026 (const char *schema, const char *prop, const char *value)
{
  for (guint i = 0; values[i].from; i++)
    {
      if (!schema_matches (values[i].schema, schema) || !g_str_equal (values[i].prop, prop))
        continue;
      if (g_str_equal (values[i].from, value))
        return g_strdup (values[i].to);
      if (g_ascii_strcasecmp (values[i].from, value) == 0)
        {
          g_autofree char *lower = g_ascii_strdown (value, -1);
          return g_str_equal (lower, value) ? g_ascii_strdown (values[i].to, -1)
                                            : g_strdup (values[i].to);
        }
    }
  return NULL;
}

const char *
srv_dialect_value (Srv *srv, const char *schema_2025, const char *prop_2025, const char *value_2025)
{
  if (srv->dialect != 2026)
    return value_2025;
  for (guint i = 0; values[i].from; i++)
    if (schema_matches (values[i].schema, schema_2025) && g_str_equal (values[i].prop, prop_2025) &&
        g_str_equal (values[i].from, value_2025))
      return values[i].to;
  return value_2025;
}

/* Whether a stored value means the 2025 word, in either dialect (case-insensitive, as the app
 * compares). */
gboolean
srv_dialect_is_value (const char *schema_2025, const char *prop_2025, const char *word_2025,
                      const char *value)
{
  g_autofree char *word_2026 = NULL;

  if (value == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (value, word_2025) == 0)
    return TRUE;
  word_2026 = value_2026 (schema_2025, prop_2025, word_2025);
  return word_2026 != NULL && g_ascii_strcasecmp (value, word_2026) == 0;
}

/* ---- objects ---- */

static JsonNode *
value_node (const char *schema, const char *prop, JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      char *to = value_2026 (schema, prop, json_node_get_string (node));
      if (to != NULL)
        {
          JsonNode *n = json_node_init_string (json_node_alloc (), to);
          g_free (to);
          return n;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node), *out = json_array_new ();
      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (out, value_node (schema, prop, json_array_get_element (in, i)));
      return json_node_init_array (json_node_alloc (), out);
    }
  return json_node_copy (node);
}

/* A new object with the 2026 names and values of a 2025 object's properties. */
static JsonObject *
translate_data (const char *schema, JsonObject *data)
{
  JsonObject *out = json_object_new ();
  GList *names = json_object_get_members (data);

  for (GList *l = names; l; l = l->next)
    json_object_set_member (out, prop_2026 (schema, l->data),
                            value_node (schema, l->data, json_object_get_member (data, l->data)));
  g_list_free (names);
  return out;
}

/* ---- schemas ---- */

static void
translate_string_member (JsonObject *o, const char *key, const char *(*fn) (const char *) )
{
  const char *v;

  if (!json_object_has_member (o, key) ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (o, key)) ||
      json_node_get_value_type (json_object_get_member (o, key)) != G_TYPE_STRING)
    return;
  v = json_object_get_string_member (o, key);
  json_object_set_string_member (o, key, fn (v));
}

static const char
    *inverse_schema; /* the 2025 slug an inversedBy names a property of (one thread) */

static const char *
inverse_prop (const char *name)
{
  return inverse_schema ? prop_2026 (inverse_schema, name) : name;
}

/* $ref/ref/itemsRef to the 2026 slug, inversedBy to the referenced schema's 2026 property name. */
static void
translate_refs (JsonObject *prop)
{
  const char *ref = srv_property_ref (prop);

  inverse_schema = ref;
  translate_string_member (prop, "inversedBy", inverse_prop);
  if (json_object_has_member (prop, "items") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (prop, "items")))
    {
      JsonObject *items = json_object_get_object_member (prop, "items");
      translate_string_member (items, "inversedBy", inverse_prop);
      translate_string_member (items, "$ref", slug_2026);
    }
  inverse_schema = NULL;
  translate_string_member (prop, "$ref", slug_2026);
  translate_string_member (prop, "ref", slug_2026);
  translate_string_member (prop, "itemsRef", slug_2026);
}

static void
translate_enum (const char *schema, const char *name, JsonObject *prop)
{
  JsonArray *in, *out;

  if (json_object_has_member (prop, "default"))
    json_object_set_member (prop, "default",
                            value_node (schema, name, json_object_get_member (prop, "default")));
  if (!json_object_has_member (prop, "enum") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (prop, "enum")))
    return;
  in = json_object_get_array_member (prop, "enum");
  out = json_array_new ();
  for (guint i = 0; i < json_array_get_length (in); i++)
    json_array_add_element (out, value_node (schema, name, json_array_get_element (in, i)));
  json_object_set_array_member (prop, "enum", out);
}

static void
add_property (JsonObject *props, const char *name, const char *type, const char *format,
              const char *description)
{
  JsonObject *p = json_object_new ();

  json_object_set_string_member (p, "type", type);
  if (format != NULL)
    json_object_set_string_member (p, "format", format);
  json_object_set_string_member (p, "description", description);
  json_object_set_object_member (props, name, p);
}

/* organization 2026: merged status, mergedInto, registrationStatus and the Contacts card
 * (api-2026.md §2). */
static void
organisation_additions (JsonObject *props)
{
  JsonObject *status = json_object_get_object_member (props, "status");
  JsonArray *statuses = json_object_get_array_member (status, "enum");
  JsonObject *reg;
  JsonArray *reg_values = json_array_new ();
  JsonObject *participants = json_object_get_object_member (props, "participants");

  json_array_add_string_element (statuses, "merged");
  add_property (props, "mergedInto", "string", "uuid",
                "The organisation this one was merged into (samengevoegd); set by the merge");
  add_property (props, "registrationStatus", "string", NULL, "Moderation state of a registration");
  reg = json_object_get_object_member (props, "registrationStatus");
  json_array_add_string_element (reg_values, "pending");
  json_array_add_string_element (reg_values, "active");
  json_array_add_string_element (reg_values, "rejected");
  json_object_set_array_member (reg, "enum", reg_values);
  add_property (props, "contactsUid", "string", NULL,
                "The organisation's card in Nextcloud Contacts");
  add_property (props, "publicationDate", "string", "date-time",
                "Set when a registration is approved");
  add_property (props, "depublicationDate", "string", "date-time", "End of publication");
  if (participants != NULL)
    json_object_set_boolean_member (participants, "writeBack", TRUE);
}

static void
translate_schema (JsonObject *s)
{
  const char *slug = json_object_get_string_member (s, "slug");
  g_autofree char *from = g_strdup (slug);
  JsonObject *in = json_object_get_object_member (s, "properties"), *out = json_object_new ();
  GList *names = json_object_get_members (in);
  JsonArray *req = json_object_get_array_member (s, "required"), *req_out = json_array_new ();
  JsonObject *config = json_object_get_object_member (s, "configuration");

  for (GList *l = names; l; l = l->next)
    {
      JsonObject *p = json_object_get_object_member (in, l->data);
      translate_refs (p);
      translate_enum (from, l->data, p);
      json_object_set_object_member (out, prop_2026 (from, l->data), json_object_ref (p));
    }
  g_list_free (names);
  json_object_set_object_member (s, "properties", out);
  for (guint i = 0; req && i < json_array_get_length (req); i++)
    json_array_add_string_element (req_out,
                                   prop_2026 (from, json_array_get_string_element (req, i)));
  json_object_set_array_member (s, "required", req_out);
  if (config != NULL)
    {
      static const char *fields[] = { "objectNameField", "objectSummaryField",
                                      "objectDescriptionField", "objectImageField", NULL };
      inverse_schema = from;
      for (guint i = 0; fields[i]; i++)
        translate_string_member (config, fields[i], inverse_prop);
      inverse_schema = NULL;
    }
  json_object_set_string_member (s, "slug", slug_2026 (from));
  json_object_set_string_member (s, "register", "stackiq");
  if (g_str_equal (from, "organisatie"))
    organisation_additions (out);
}

/* registers.json in 2026 words: the catalogue register is `stackiq` (same id, title and version).
 */
void
srv_dialect_registers_json (JsonObject *root)
{
  JsonArray *registers = json_object_get_array_member (root, "registers");
  JsonArray *schemas = json_object_get_array_member (root, "schemas");

  for (guint i = 0; i < json_array_get_length (registers); i++)
    {
      JsonObject *r = json_array_get_object_element (registers, i);
      if (g_str_equal (json_object_get_string_member (r, "slug"), "voorzieningen"))
        json_object_set_string_member (r, "slug", "stackiq");
    }
  for (guint i = 0; i < json_array_get_length (schemas); i++)
    {
      JsonObject *s = json_array_get_object_element (schemas, i);
      if (g_str_equal (json_object_get_string_member (s, "register"), "voorzieningen"))
        translate_schema (s);
    }
}

/* ---- the dataset: the 2025 seed, each object translated as it is stored ---- */

/* Takes a seeded object's 2025 data; returns it as the dialect stores it (in 2026 translated, with
 * the registrationStatus a 2025 Concept organisation's registration has: pending; every other:
 * active). */
JsonObject *
srv_dialect_seed_data (Srv *srv, const char *schema_2025, JsonObject *data)
{
  SrvSchema *schema = srv_schema_find (srv, slug_2026 (schema_2025));

  JsonObject *out;

  if (srv->dialect != 2026 || schema == NULL || !g_str_equal (schema->register_slug, "stackiq"))
    return data;
  out = translate_data (schema_2025, data);
  if (g_str_equal (schema_2025, "organisatie"))
    json_object_set_string_member (
        out, "registrationStatus",
        srv_dialect_is_value ("organisatie", "status", "Concept",
                              json_object_get_string_member_with_default (data, "status", ""))
            ? "pending"
            : "active");
  json_object_unref (data);
  return out;
}

/* After seeding in 2026: the account of the members endpoints, and the dialect the store was made
 * in. */
void
srv_dialect_seed_done (Srv *srv)
{
  sqlite3_stmt *meta;

  if (srv->dialect != 2026)
    return;
  srv_user_create (srv, "maintainer", "maintainer", "Beheerder Organisatie",
                   "maintainer@leverancier.example", TRUE);
  srv_user_add_group (srv, "maintainer", "maintainer");
  meta = srv_prepare (srv, "INSERT OR REPLACE INTO meta (key, value) VALUES ('dialect', '2026')");
  sqlite3_step (meta);
  sqlite3_finalize (meta);
}

/* ---- writeBack: an organization's participants are written back to the members' deelnames ---- */

static gboolean
array_has (JsonArray *a, const char *value)
{
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      if (JSON_NODE_HOLDS_VALUE (n) && g_strcmp0 (json_node_get_string (n), value) == 0)
        return TRUE;
    }
  return FALSE;
}

static JsonArray *
array_member (JsonObject *o, const char *key)
{
  JsonNode *n = json_object_has_member (o, key) ? json_object_get_member (o, key) : NULL;

  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static void
set_membership (Srv *srv, const char *member, const char *collab, gboolean in)
{
  SrvObject *obj = srv_object_load (srv, member, FALSE);
  JsonArray *old, *now = json_array_new ();
  JsonObject *changed, *entry;

  if (obj == NULL || obj->schema != srv_schema_find (srv, "organization"))
    {
      srv_object_free (obj);
      json_array_unref (now);
      return;
    }
  old = array_member (obj->data, "deelnames");
  if (array_has (old, collab) == in)
    {
      srv_object_free (obj);
      json_array_unref (now);
      return;
    }
  for (guint i = 0; old != NULL && i < json_array_get_length (old); i++)
    if (in || g_strcmp0 (json_array_get_string_element (old, i), collab) != 0)
      json_array_add_element (now, json_node_copy (json_array_get_element (old, i)));
  if (in)
    json_array_add_string_element (now, collab);
  changed = json_object_new ();
  entry = json_object_new ();
  json_object_set_member (entry, "old",
                          old ? json_node_init_array (json_node_alloc (), old)
                              : json_node_new (JSON_NODE_NULL));
  json_object_set_member (entry, "new", json_node_init_array (json_node_alloc (), now));
  json_object_set_object_member (changed, "deelnames", entry);
  json_object_set_array_member (obj->data, "deelnames", now);
  srv_object_store (srv, obj, "admin", "update", changed, TRUE, NULL);
  json_object_unref (changed);
  srv_object_free (obj);
}

void
srv_dialect_after_save (Srv *srv, SrvObject *obj)
{
  JsonArray *participants;
  g_autoptr(GPtrArray) former = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s;

  if (srv->dialect != 2026 || obj->deleted != NULL ||
      !g_str_equal (obj->schema->slug, "organization"))
    return;
  participants = array_member (obj->data, "participants");
  s = srv_prepare (srv, "SELECT o.uuid FROM refs r JOIN objects o ON o.rowid = r.source"
                        " WHERE r.target = ? AND r.property = 'deelnames' AND o.deleted IS NULL");
  sqlite3_bind_text (s, 1, obj->uuid, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_ptr_array_add (former, g_strdup ((const char *) sqlite3_column_text (s, 0)));
  sqlite3_finalize (s);
  for (guint i = 0; i < former->len; i++)
    if (!array_has (participants, g_ptr_array_index (former, i)))
      set_membership (srv, g_ptr_array_index (former, i), obj->uuid, FALSE);
  for (guint i = 0; participants != NULL && i < json_array_get_length (participants); i++)
    {
      const char *m = json_array_get_string_element (participants, i);
      if (m != NULL && !g_str_equal (m, obj->uuid))
        set_membership (srv, m, obj->uuid, TRUE);
    }
}
