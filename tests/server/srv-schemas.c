/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Registers and schemas: loaded from the definitions compiled into the server. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-dialect.h"

#include <gio/gio.h>
#include <string.h>

static void
schema_free (gpointer data)
{
  SrvSchema *s = data;

  g_free (s->slug);
  g_free (s->register_slug);
  json_node_unref (s->node);
  g_hash_table_unref (s->required);
  g_ptr_array_unref (s->ref_props);
  g_free (s);
}

static void
register_free (gpointer data)
{
  SrvRegister *r = data;

  g_free (r->slug);
  json_node_unref (r->node);
  g_ptr_array_unref (r->schemas);
  g_free (r);
}

static const char *
config_string (JsonObject *config, const char *key)
{
  if (config == NULL || !json_object_has_member (config, key))
    return NULL;
  return json_object_get_string_member_with_default (config, key, NULL);
}

static void
add_common_members (JsonObject *o, gint64 id, const char *kind)
{
  char uuid[64];

  g_snprintf (uuid, sizeof uuid, "0000%04x-%s-4000-8000-%012" G_GINT64_MODIFIER "x", (guint) id,
              g_str_equal (kind, "schema") ? "5c4e" : "4e61", id);
  json_object_set_int_member (o, "id", id);
  json_object_set_string_member (o, "uuid", uuid);
  json_object_set_null_member (o, "source");
  json_object_set_string_member (o, "owner", "admin");
  json_object_set_null_member (o, "application");
  json_object_set_null_member (o, "organisation");
  json_object_set_string_member (o, "created", "2025-04-14T15:13:10+00:00");
  json_object_set_string_member (o, "updated", "2025-11-05T09:00:00+00:00");
  json_object_set_null_member (o, "deleted");
}

static SrvSchema *
schema_from_json (JsonObject *src)
{
  SrvSchema *s = g_new0 (SrvSchema, 1);
  JsonObject *o;
  JsonArray *req;
  JsonObject *config;
  GList *names;

  s->node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (s->node, json_object_ref (src));
  o = src;
  s->id = json_object_get_int_member (o, "id");
  s->slug = g_strdup (json_object_get_string_member (o, "slug"));
  s->register_slug = g_strdup (json_object_get_string_member (o, "register"));
  json_object_remove_member (o, "register");
  s->properties = json_object_get_object_member (o, "properties");
  s->hard_validation = json_object_get_boolean_member (o, "hardValidation");
  s->required = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  req = json_object_get_array_member (o, "required");
  for (guint i = 0; i < json_array_get_length (req); i++)
    g_hash_table_add (s->required, g_strdup (json_array_get_string_element (req, i)));
  config = json_object_get_object_member (o, "configuration");
  s->name_field = config_string (config, "objectNameField");
  s->summary_field = config_string (config, "objectSummaryField");
  s->description_field = config_string (config, "objectDescriptionField");
  s->ref_props = g_ptr_array_new_with_free_func (g_free);
  names = json_object_get_members (s->properties);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *prop = json_object_get_object_member (s->properties, l->data);
      if (srv_property_ref (prop) != NULL)
        g_ptr_array_add (s->ref_props, g_strdup (l->data));
    }
  g_list_free (names);
  add_common_members (o, s->id, "schema");
  json_object_set_string_member (o, "uri", NULL);
  json_object_set_boolean_member (o, "archive", FALSE);
  return s;
}

gboolean
srv_schemas_load (Srv *srv, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *schemas, *registers;

  bytes =
      g_resources_lookup_data ("/nl/vng/Catalogusbeheer/testserver/data/registers.json", 0, error);
  if (bytes == NULL)
    return FALSE;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  if (srv->dialect == 2026)
    srv_dialect_registers_json (root);
  g_clear_pointer (&srv->registers, g_ptr_array_unref); /* loaded again when the dialect changes */
  g_clear_pointer (&srv->schemas, g_ptr_array_unref);
  srv->schemas = g_ptr_array_new_with_free_func (schema_free);
  srv->registers = g_ptr_array_new_with_free_func (register_free);
  schemas = json_object_get_array_member (root, "schemas");
  for (guint i = 0; i < json_array_get_length (schemas); i++)
    g_ptr_array_add (srv->schemas, schema_from_json (json_array_get_object_element (schemas, i)));
  registers = json_object_get_array_member (root, "registers");
  for (guint i = 0; i < json_array_get_length (registers); i++)
    {
      JsonObject *o = json_array_get_object_element (registers, i);
      SrvRegister *r = g_new0 (SrvRegister, 1);

      r->id = json_object_get_int_member (o, "id");
      r->slug = g_strdup (json_object_get_string_member (o, "slug"));
      r->magic = g_str_equal (r->slug, "voorzieningen") || g_str_equal (r->slug, "stackiq");
      r->schemas = g_ptr_array_new ();
      r->node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (r->node, o);
      add_common_members (o, r->id, "register");
      for (guint j = 0; j < srv->schemas->len; j++)
        {
          SrvSchema *s = g_ptr_array_index (srv->schemas, j);
          if (g_str_equal (s->register_slug, r->slug))
            {
              s->register_id = r->id;
              g_ptr_array_add (r->schemas, s);
            }
        }
      g_ptr_array_add (srv->registers, r);
    }
  return TRUE;
}

static gboolean
matches_slug_or_id (const char *slug, gint64 id, const char *key)
{
  char *end = NULL;
  gint64 n;

  if (g_ascii_strcasecmp (slug, key) == 0)
    return TRUE;
  n = g_ascii_strtoll (key, &end, 10);
  return end != key && *end == '\0' && n == id;
}

SrvRegister *
srv_register_find (Srv *srv, const char *key)
{
  for (guint i = 0; i < srv->registers->len; i++)
    {
      SrvRegister *r = g_ptr_array_index (srv->registers, i);
      if (matches_slug_or_id (r->slug, r->id, key))
        return r;
    }
  return NULL;
}

SrvSchema *
srv_schema_find (Srv *srv, const char *key)
{
  for (guint i = 0; i < srv->schemas->len; i++)
    {
      SrvSchema *s = g_ptr_array_index (srv->schemas, i);
      if (matches_slug_or_id (s->slug, s->id, key))
        return s;
    }
  return NULL;
}

SrvSchema *
srv_schema_by_id (Srv *srv, gint64 id)
{
  for (guint i = 0; i < srv->schemas->len; i++)
    {
      SrvSchema *s = g_ptr_array_index (srv->schemas, i);
      if (s->id == id)
        return s;
    }
  return NULL;
}

SrvRegister *
srv_register_by_id (Srv *srv, gint64 id)
{
  for (guint i = 0; i < srv->registers->len; i++)
    {
      SrvRegister *r = g_ptr_array_index (srv->registers, i);
      if (r->id == id)
        return r;
    }
  return NULL;
}

JsonObject *
srv_schema_property (SrvSchema *schema, const char *name)
{
  if (!json_object_has_member (schema->properties, name))
    return NULL;
  return json_object_get_object_member (schema->properties, name);
}

const char *
srv_property_type (JsonObject *prop)
{
  return json_object_get_string_member_with_default (prop, "type", "string");
}

gboolean
srv_property_is_array (JsonObject *prop)
{
  return g_strcmp0 (srv_property_type (prop), "array") == 0;
}

static const char *
nonempty_string_member (JsonObject *o, const char *key)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, key))
    return NULL;
  n = json_object_get_member (o, key);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  if (json_node_get_string (n)[0] == '\0')
    return NULL;
  return json_node_get_string (n);
}

/* The schema slug a property points at, or NULL when it holds no reference. */
const char *
srv_property_ref (JsonObject *prop)
{
  const char *ref;
  JsonNode *items;

  ref = nonempty_string_member (prop, "$ref");
  if (ref == NULL)
    ref = nonempty_string_member (prop, "ref");
  if (ref != NULL)
    return ref;
  if (!json_object_has_member (prop, "items"))
    return NULL;
  items = json_object_get_member (prop, "items");
  if (!JSON_NODE_HOLDS_OBJECT (items))
    return NULL;
  ref = nonempty_string_member (json_node_get_object (items), "$ref");
  if (ref == NULL)
    ref = nonempty_string_member (prop, "itemsRef");
  return ref;
}

/* OpenRegister RBAC: admins pass; otherwise one of the user's groups (or "public") must be listed.
 */
gboolean
srv_schema_allows (SrvSchema *schema, const SrvUser *user, const char *action)
{
  JsonObject *o = json_node_get_object (schema->node);
  JsonObject *auth;
  JsonArray *groups;

  if (user != NULL && user->admin)
    return TRUE;
  auth = json_object_get_object_member (o, "authorization");
  if (auth == NULL || !json_object_has_member (auth, action))
    return user != NULL || g_str_equal (action, "read");
  groups = json_object_get_array_member (auth, action);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      const char *g = json_array_get_string_element (groups, i);
      if (g_str_equal (g, "public"))
        return TRUE;
      if (user != NULL && user->groups != NULL &&
          g_strv_contains ((const char *const *) user->groups, g))
        return TRUE;
    }
  return FALSE;
}
