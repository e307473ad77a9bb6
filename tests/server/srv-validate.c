/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Schema validation, used only for schemas whose hardValidation is on (as in OpenRegister). */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv.h"

#include <string.h>

static void
add_error (JsonObject *errors, const char *prop, const char *message)
{
  json_object_set_string_member (errors, prop, message);
}

static gboolean
type_matches (const char *type, JsonNode *n)
{
  GType vt;

  if (JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (g_str_equal (type, "array"))
    return JSON_NODE_HOLDS_ARRAY (n);
  if (g_str_equal (type, "object"))
    return JSON_NODE_HOLDS_OBJECT (n) ||
           (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING);
  if (!JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  vt = json_node_get_value_type (n);
  if (g_str_equal (type, "string"))
    return vt == G_TYPE_STRING;
  if (g_str_equal (type, "boolean"))
    return vt == G_TYPE_BOOLEAN;
  if (g_str_equal (type, "integer"))
    return vt == G_TYPE_INT64;
  if (g_str_equal (type, "number"))
    return vt == G_TYPE_INT64 || vt == G_TYPE_DOUBLE;
  return TRUE;
}

static gboolean
format_matches (const char *format, const char *value)
{
  if (g_str_equal (format, "email"))
    {
      const char *at = strchr (value, '@');
      return at != NULL && at != value && strchr (at, '.') != NULL;
    }
  if (g_str_equal (format, "url") || g_str_equal (format, "uri"))
    return g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL);
  if (g_str_equal (format, "date"))
    return strlen (value) == 10 && value[4] == '-' && value[7] == '-';
  if (g_str_equal (format, "date-time"))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (value, NULL);
      return dt != NULL;
    }
  return TRUE;
}

static gboolean
enum_contains (JsonObject *prop, JsonNode *n)
{
  JsonArray *values;

  if (!json_object_has_member (prop, "enum") || !JSON_NODE_HOLDS_VALUE (n) ||
      json_node_get_value_type (n) != G_TYPE_STRING)
    return TRUE;
  values = json_object_get_array_member (prop, "enum");
  for (guint i = 0; i < json_array_get_length (values); i++)
    if (g_strcmp0 (json_array_get_string_element (values, i), json_node_get_string (n)) == 0)
      return TRUE;
  return FALSE;
}

static void
check_property (JsonObject *prop, const char *name, JsonNode *n, JsonObject *errors)
{
  const char *type = srv_property_type (prop);

  if (!type_matches (type, n))
    {
      g_autofree char *m = g_strdup_printf ("The property %s must be of type %s", name, type);
      add_error (errors, name, m);
      return;
    }
  if (!enum_contains (prop, n))
    {
      g_autofree char *m =
          g_strdup_printf ("The property %s must be one of the allowed values", name);
      add_error (errors, name, m);
    }
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    {
      const char *v = json_node_get_string (n);
      const char *format = json_object_get_string_member_with_default (prop, "format", NULL);
      gint64 max = json_object_has_member (prop, "maxLength") &&
                           !json_object_get_null_member (prop, "maxLength")
                       ? json_object_get_int_member (prop, "maxLength")
                       : -1;
      gint64 min = json_object_has_member (prop, "minLength") &&
                           !json_object_get_null_member (prop, "minLength")
                       ? json_object_get_int_member (prop, "minLength")
                       : -1;
      if (format != NULL && *v && !format_matches (format, v))
        {
          g_autofree char *m =
              g_strdup_printf ("The property %s must match format %s", name, format);
          add_error (errors, name, m);
        }
      const char *pattern = json_object_get_string_member_with_default (prop, "pattern", NULL);
      if (pattern != NULL && !g_regex_match_simple (pattern, v, 0, 0))
        {
          g_autofree char *m =
              g_strdup_printf ("The property %s must match the pattern %s", name, pattern);
          add_error (errors, name, m);
        }
      if (max >= 0 && g_utf8_strlen (v, -1) > max)
        {
          g_autofree char *m =
              g_strdup_printf ("The property %s must be at most %" G_GINT64_FORMAT " characters",
                               name, max);
          add_error (errors, name, m);
        }
      if (min >= 0 && g_utf8_strlen (v, -1) < min)
        {
          g_autofree char *m =
              g_strdup_printf ("The property %s must be at least %" G_GINT64_FORMAT " characters",
                               name, min);
          add_error (errors, name, m);
        }
    }
}

/* Fills errors (property -> message); TRUE when the object is valid. */
gboolean
srv_validate (SrvSchema *schema, JsonObject *data, JsonObject *errors)
{
  GList *names = json_object_get_members (schema->properties);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, schema->required);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!json_object_has_member (data, key) ||
        srv_value_is_empty (json_object_get_member (data, key)))
      {
        g_autofree char *m =
            g_strdup_printf ("The required property (%s) is missing", (char *) key);
        add_error (errors, key, m);
      }
  for (GList *l = names; l; l = l->next)
    if (json_object_has_member (data, l->data))
      check_property (json_object_get_object_member (schema->properties, l->data), l->data,
                      json_object_get_member (data, l->data), errors);
  g_list_free (names);
  return json_object_get_size (errors) == 0;
}
