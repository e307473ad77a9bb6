/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The backend's registers and schemas, read at login (GET /api/registers, /api/schemas):
 * properties, references between schemas, required fields, and which vocabulary (2025 Dutch, 2026
 * English) is used. */
#define G_LOG_DOMAIN "swc-schema"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "swc-error.h"
#include "swc-labels.h"
#include "swc-schema.h"

static void
ref_free (gpointer data)
{
  SwcRef *ref = data;

  g_free (ref->property);
  g_free (ref->target);
  g_free (ref);
}

static void
schema_free (gpointer data)
{
  SwcSchema *s = data;

  g_free (s->slug);
  g_free (s->server_slug);
  g_free (s->register_slug);
  g_free (s->name_field);
  json_object_unref (s->json);
  g_ptr_array_unref (s->refs);
  g_hash_table_unref (s->required);
  g_free (s);
}

static const char *
string_member (JsonObject *o, const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (n) ? json_node_get_string (n) : NULL;
}

static JsonObject *
object_member (JsonObject *o, const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

/* "$ref" may be a slug, a path ("#/components/schemas/organisatie") or a numeric id. */
static char *
ref_target (JsonObject *prop)
{
  const char *ref = string_member (prop, "$ref");
  const char *slash;

  if (ref == NULL)
    ref = string_member (prop, "ref");
  if (ref == NULL && object_member (prop, "items") != NULL)
    ref = string_member (object_member (prop, "items"), "$ref");
  if (ref == NULL)
    ref = string_member (prop, "itemsRef");
  if (ref == NULL)
    return NULL;
  slash = strrchr (ref, '/');
  return g_strdup (slash ? slash + 1 : ref);
}

static void
collect_refs (SwcSchema *s)
{
  g_autoptr(GList) names = json_object_get_members (s->properties);

  for (GList *l = names; l; l = l->next)
    {
      JsonObject *prop = object_member (s->properties, l->data);
      char *target = prop ? ref_target (prop) : NULL;
      SwcRef *ref;

      if (target == NULL)
        continue;
      ref = g_new0 (SwcRef, 1);
      ref->property = g_strdup (l->data);
      ref->target = target;
      ref->many = g_strcmp0 (string_member (prop, "type"), "array") == 0;
      g_ptr_array_add (s->refs, ref);
    }
}

static SwcSchema *
schema_new (JsonObject *o)
{
  SwcSchema *s = g_new0 (SwcSchema, 1);

  s->json = json_object_ref (o);
  s->server_slug = g_strdup (string_member (o, "slug"));
  s->id = json_object_get_int_member_with_default (o, "id", 0);
  s->refs = g_ptr_array_new_with_free_func (ref_free);
  s->required = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return s;
}

/* Once its register is known: a catalogue schema of the 2026 backend in the store's words, then
 * what the app reads of it. */
static void
schema_fill (SwcSchema *s, SwcDialect dialect)
{
  JsonObject *o = s->json;
  JsonNode *req;

  if (g_strcmp0 (s->register_slug, "voorzieningen") == 0)
    swc_vocab_schema_in (dialect, o);
  s->slug = g_strdup (string_member (o, "slug"));
  s->properties = object_member (o, "properties");
  s->hard_validation = json_object_get_boolean_member_with_default (o, "hardValidation", FALSE);
  s->name_field = g_strdup (string_member (object_member (o, "configuration"), "objectNameField"));
  req = json_object_get_member (o, "required");
  if (req != NULL && JSON_NODE_HOLDS_ARRAY (req))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (req)); i++)
      {
        JsonNode *e = json_array_get_element (json_node_get_array (req), i);
        if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
          g_hash_table_add (s->required, g_strdup (json_node_get_string (e)));
      }
  if (s->properties != NULL)
    collect_refs (s);
}

static JsonArray *
results_of (JsonNode *node)
{
  JsonObject *o;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  return json_object_has_member (o, "results") &&
                 JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "results"))
             ? json_object_get_array_member (o, "results")
             : NULL;
}

/* The register each schema belongs to, from the registers' "schemas" lists (ids or slugs). */
static void
assign_registers (SwcSchemaSet *set, JsonArray *registers)
{
  for (guint i = 0; registers && i < json_array_get_length (registers); i++)
    {
      JsonNode *rn = json_array_get_element (registers, i);
      JsonObject *r = JSON_NODE_HOLDS_OBJECT (rn) ? json_node_get_object (rn) : NULL;
      JsonNode *list = r ? json_object_get_member (r, "schemas") : NULL;
      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        continue;
      for (guint j = 0; j < json_array_get_length (json_node_get_array (list)); j++)
        {
          JsonNode *e = json_array_get_element (json_node_get_array (list), j);
          for (guint k = 0; k < set->schemas->len; k++)
            {
              SwcSchema *s = g_ptr_array_index (set->schemas, k);
              gboolean match = JSON_NODE_HOLDS_VALUE (e) &&
                               ((json_node_get_value_type (e) == G_TYPE_INT64 &&
                                 json_node_get_int (e) == s->id) ||
                                (json_node_get_value_type (e) == G_TYPE_STRING &&
                                 g_strcmp0 (json_node_get_string (e), s->server_slug) == 0));
              if (match && s->register_slug == NULL)
                {
                  s->register_slug =
                      g_strdup (swc_vocab_register_in (set->dialect, string_member (r, "slug")));
                  s->register_id = json_object_get_int_member_with_default (r, "id", 0);
                }
            }
        }
    }
}

/* The 2026 backend is told apart by its register's slug, "stackiq" (api-2026.md §2: never by its
 * title, which stayed "Voorzieningen", nor by a schema's slug: the GEMMA register has had an
 * "organization" all along). */
static SwcDialect
dialect_of (JsonArray *registers)
{
  for (guint i = 0; registers && i < json_array_get_length (registers); i++)
    {
      JsonNode *n = json_array_get_element (registers, i);
      if (JSON_NODE_HOLDS_OBJECT (n) &&
          g_strcmp0 (string_member (json_node_get_object (n), "slug"), "stackiq") == 0)
        return SWC_DIALECT_2026;
    }
  return SWC_DIALECT_2025;
}

/* The schemas in the store's words, whichever dialect the server speaks; the nodes are translated
 * in place. */
SwcSchemaSet *
swc_schema_set_new_from_json (JsonNode *registers, JsonNode *schemas, GError **error)
{
  JsonArray *list = results_of (schemas);
  g_autoptr(SwcSchemaSet) set = g_new0 (SwcSchemaSet, 1);
  SwcSchema *org;

  set->schemas = g_ptr_array_new_with_free_func (schema_free);
  set->by_slug = g_hash_table_new (g_str_hash, g_str_equal);
  set->dialect = dialect_of (results_of (registers));
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      if (JSON_NODE_HOLDS_OBJECT (n) && string_member (json_node_get_object (n), "slug") != NULL)
        g_ptr_array_add (set->schemas, schema_new (json_node_get_object (n)));
    }
  assign_registers (set, results_of (registers));
  for (guint i = 0; i < set->schemas->len; i++)
    {
      SwcSchema *s = g_ptr_array_index (set->schemas, i);
      schema_fill (s, set->dialect);
      if (!g_hash_table_contains (set->by_slug, s->slug))
        g_hash_table_insert (set->by_slug, s->slug, s);
    }
  org = swc_schema_set_lookup (set, "organisatie");
  if (org == NULL || org->register_slug == NULL)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_NOT_A_BACKEND,
                   _("The server has no catalogue register with organisations"));
      return NULL;
    }
  set->catalogue_register = g_strdup (org->register_slug);
  return g_steal_pointer (&set);
}

void
swc_schema_set_free (SwcSchemaSet *set)
{
  if (set == NULL)
    return;
  g_clear_pointer (&set->by_slug, g_hash_table_unref);
  g_clear_pointer (&set->schemas, g_ptr_array_unref);
  g_free (set->catalogue_register);
  g_free (set);
}

SwcSchema *
swc_schema_set_lookup (SwcSchemaSet *set, const char *slug)
{
  g_return_val_if_fail (set != NULL, NULL);

  return g_hash_table_lookup (set->by_slug, slug);
}

JsonObject *
swc_schema_property (SwcSchema *schema, const char *name)
{
  g_return_val_if_fail (schema != NULL, NULL);

  return schema->properties ? object_member (schema->properties, name) : NULL;
}

/* What an object of this schema is called, in the user's language ("Contactpersoon"). */
const char *
swc_schema_label (SwcSchema *schema)
{
  g_return_val_if_fail (schema != NULL, NULL);

  return swc_labels_schema (schema->slug, string_member (schema->json, "title"));
}

/* What a property is called, in the user's language ("KvK-nummer"): the app's own label for a
 * field it knows, the backend's title only for one it does not. */
const char *
swc_schema_property_label (SwcSchema *schema, const char *property)
{
  JsonObject *prop = schema ? swc_schema_property (schema, property) : NULL;

  return swc_labels_property (schema ? schema->slug : NULL, property,
                              string_member (prop, "title"));
}

/* The store's name of a field (the same in either dialect: the store holds one vocabulary). */
const char *
swc_schema_set_field (SwcSchemaSet *set, SwcField field)
{
  g_return_val_if_fail (set != NULL, NULL);

  return swc_field_key (field);
}

static GStrv
strings_of_node (JsonNode *values)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (values && JSON_NODE_HOLDS_ARRAY (values))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (values)); i++)
      {
        JsonNode *v = json_array_get_element (json_node_get_array (values), i);
        if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
          g_strv_builder_add (b, json_node_get_string (v));
      }
  return g_strv_builder_end (b);
}

/* The strings in a list member of an object (ids, roles, groups); empty when it has none. */
GStrv
swc_json_strings (JsonObject *object, const char *member)
{
  return strings_of_node (object ? json_object_get_member (object, member) : NULL);
}

/* The allowed values of a property, or of its items for a list (empty when it has none). */
GStrv
swc_schema_enum (SwcSchema *schema, const char *property)
{
  JsonObject *prop = schema ? swc_schema_property (schema, property) : NULL;
  JsonNode *values = prop ? json_object_get_member (prop, "enum") : NULL;
  JsonNode *items = prop ? json_object_get_member (prop, "items") : NULL;

  if ((values == NULL || !JSON_NODE_HOLDS_ARRAY (values)) && items &&
      JSON_NODE_HOLDS_OBJECT (items))
    values = json_object_get_member (json_node_get_object (items), "enum");
  return strings_of_node (values);
}
