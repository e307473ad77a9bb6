/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Client-side validation from the schema (required, type, enum, format, length, pattern): the
 * backend does not validate catalogue objects (hardValidation is off, api.md §3.8), so every edit
 * is checked here. */
#define G_LOG_DOMAIN "swc-validate"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-error.h"
#include "swc-validate.h"

static const char *
prop_string (JsonObject *prop, const char *key)
{
  JsonNode *n = json_object_get_member (prop, key);

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

static gint64
prop_int (JsonObject *prop, const char *key)
{
  JsonNode *n = json_object_get_member (prop, key);

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64
             ? json_node_get_int (n)
             : -1;
}

static gboolean
is_empty (JsonNode *n)
{
  return n == NULL || JSON_NODE_HOLDS_NULL (n) ||
         (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
          !*json_node_get_string (n)) ||
         (JSON_NODE_HOLDS_ARRAY (n) && json_array_get_length (json_node_get_array (n)) == 0);
}

static gboolean
format_ok (const char *format, const char *v)
{
  if (g_str_equal (format, "email"))
    {
      const char *at = strchr (v, '@');
      return at && at != v && strchr (at, '.') && !strchr (v, ' ') && at[1] != '.';
    }
  if (g_str_equal (format, "url") || g_str_equal (format, "uri"))
    {
      g_autoptr(GUri) uri = g_uri_parse (v, G_URI_FLAGS_NONE, NULL);
      return uri && g_uri_get_host (uri) && *g_uri_get_host (uri) &&
             (g_str_equal (g_uri_get_scheme (uri), "http") ||
              g_str_equal (g_uri_get_scheme (uri), "https"));
    }
  if (g_str_equal (format, "date"))
    {
      g_autofree char *dt = g_strconcat (v, "T00:00:00Z", NULL);
      g_autoptr(GDateTime) d = strlen (v) == 10 ? g_date_time_new_from_iso8601 (dt, NULL) : NULL;
      return d != NULL;
    }
  if (g_str_equal (format, "date-time"))
    {
      g_autoptr(GDateTime) d = g_date_time_new_from_iso8601 (v, NULL);
      return d != NULL;
    }
  return TRUE;
}

static gboolean
in_enum (JsonArray *values, JsonNode *v)
{
  for (guint i = 0; i < json_array_get_length (values); i++)
    if (json_node_equal (json_array_get_element (values, i), v))
      return TRUE;
  return FALSE;
}

/* The catalogue's schemas leave out formats their fields plainly have (a website without "format":
 * "uri", a KvK number without a pattern): those are checked by the property's name too. */
static const struct
{
  const char *property;
  const char *format;
} known_formats[] = {
  { "website", "uri" },
  { "e-mailadres", "email" },
  { "email", "email" },
  { "emailAddress", "email" },
};

static const char *
format_of (JsonObject *prop, const char *property)
{
  const char *format = prop_string (prop, "format");

  for (guint i = 0; format == NULL && i < G_N_ELEMENTS (known_formats); i++)
    if (g_str_equal (property, known_formats[i].property))
      format = known_formats[i].format;
  return format;
}

static gboolean
is_kvk_number (const char *v)
{
  if (strlen (v) != 8)
    return FALSE;
  for (const char *p = v; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static char *
check_string (JsonObject *prop, const char *property, const char *v)
{
  const char *format = format_of (prop, property);
  const char *pattern = prop_string (prop, "pattern");
  gint64 max = prop_int (prop, "maxLength"), min = prop_int (prop, "minLength");
  glong len = g_utf8_strlen (v, -1);

  if (format && *v && !format_ok (format, v))
    return g_str_equal (format, "email")     ? g_strdup (_("is not an e-mail address"))
           : g_str_equal (format, "date")    ? g_strdup (_("is not a date (YYYY-MM-DD)"))
           : g_str_has_prefix (format, "ur") ? g_strdup (_("is not a web address (https://…)"))
                                             : g_strdup (_("has the wrong format"));
  if (max >= 0 && len > max)
    return g_strdup_printf (_("is longer than %lld characters"), (long long) max);
  if (min >= 0 && len < min)
    return g_strdup_printf (_("is shorter than %lld characters"), (long long) min);
  if (pattern && *v && !g_regex_match_simple (pattern, v, 0, 0))
    return g_strdup (_("has the wrong format"));
  if (g_str_equal (property, "kvkNummer") && *v && !is_kvk_number (v))
    return g_strdup (_("must be 8 digits"));
  return NULL;
}

/* What is wrong with one value (NULL when nothing), in words for the form. */
char *
swc_validate_value (SwcSchema *schema, const char *property, JsonNode *value)
{
  JsonObject *prop;
  const char *type;
  JsonNode *enums;

  g_return_val_if_fail (schema != NULL, NULL);

  prop = swc_schema_property (schema, property);
  if (prop == NULL || is_empty (value))
    return NULL;
  type = prop_string (prop, "type");
  enums = json_object_get_member (prop, "enum");
  if (g_strcmp0 (type, "array") == 0 && !JSON_NODE_HOLDS_ARRAY (value))
    return g_strdup (_("must be a list"));
  if (g_strcmp0 (type, "boolean") == 0 &&
      !(JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN))
    return g_strdup (_("must be yes or no"));
  if ((g_strcmp0 (type, "number") == 0 || g_strcmp0 (type, "integer") == 0) &&
      !(JSON_NODE_HOLDS_VALUE (value) &&
        (json_node_get_value_type (value) == G_TYPE_INT64 ||
         (json_node_get_value_type (value) == G_TYPE_DOUBLE && g_strcmp0 (type, "number") == 0))))
    return g_strdup (_("must be a number"));
  if (enums && JSON_NODE_HOLDS_ARRAY (enums))
    {
      if (JSON_NODE_HOLDS_ARRAY (value))
        {
          for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
            if (!in_enum (json_node_get_array (enums),
                          json_array_get_element (json_node_get_array (value), i)))
              return g_strdup (_("contains a value that is not allowed"));
        }
      else if (!in_enum (json_node_get_array (enums), value))
        return g_strdup (_("is not one of the allowed values"));
    }
  if (g_strcmp0 (type, "string") == 0)
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return g_strdup (_("must be text"));
      return check_string (prop, property, json_node_get_string (value));
    }
  return NULL;
}

/* A problem as a sentence naming the field by its label: "KvK-nummer moet uit 8 cijfers bestaan".
 */
char *
swc_validate_describe (SwcSchema *schema, const char *property, const char *problem)
{
  g_return_val_if_fail (schema != NULL, NULL);

  /* TRANSLATORS: a field's name and what is wrong with it, e.g. "KvK Number must be 8 digits" */
  return g_strdup_printf (C_("field problem", "%s %s"),
                          swc_schema_property_label (schema, property), problem);
}

static void
add_problem (GString *msg, SwcSchema *schema, const char *property, const char *problem)
{
  g_autofree char *sentence = swc_validate_describe (schema, property, problem);

  g_string_append_printf (msg, "%s%s", msg->len ? "; " : "", sentence);
}

/* Checks the changed properties (all when changed is NULL) and that every required one has a value.
 */
gboolean
swc_validate_object (SwcSchema *schema, JsonObject *object, JsonObject *changed, GError **error)
{
  g_autoptr(GString) msg = g_string_new (NULL);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  GHashTableIter req;
  gpointer name;

  g_return_val_if_fail (schema != NULL, FALSE);

  json_object_iter_init (&iter, changed ? changed : object);
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *problem = swc_validate_value (schema, key, value);
      if (problem)
        add_problem (msg, schema, key, problem);
    }
  g_hash_table_iter_init (&req, schema->required);
  while (g_hash_table_iter_next (&req, &name, NULL))
    if (is_empty (json_object_get_member (object, name)))
      add_problem (msg, schema, name, _("is required"));
  if (msg->len == 0)
    return TRUE;
  g_set_error (error, SWC_ERROR, SWC_ERROR_INVALID, "%s", msg->str);
  return FALSE;
}
