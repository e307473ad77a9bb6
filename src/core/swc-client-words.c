/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTTP boundary of the vocabulary: every call to OpenRegister's objects API leaves in the
 * backend's words and its answer comes back in the store's (swc-vocab.c). Callers build paths,
 * filters and bodies in the store's words (the 2025 ones); with a 2026 backend this file turns the
 * register and schema in the path, the names and values in the query, the object in the body, and
 * the objects in the answer. A queued change keeps the store's words, so it is translated when it
 * is sent, by whichever backend is there then. */
#define G_LOG_DOMAIN "swc-client"

#include "config.h"

#include <string.h>

#include "swc-client-private.h"
#include "swc-page.h"

#define OBJECTS_PREFIX "/index.php/apps/openregister/api/objects/"

struct _SwcWords
{
  gatomicrefcount ref;
  SwcDialect dialect;
  GHashTable *slug_of_id; /* "42" → the store's slug of a catalogue schema */
};

SwcWords *
_swc_words_new (SwcSchemaSet *schemas)
{
  SwcWords *w = g_new0 (SwcWords, 1);

  g_atomic_ref_count_init (&w->ref);
  w->dialect = schemas->dialect;
  w->slug_of_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < schemas->schemas->len; i++)
    {
      SwcSchema *s = g_ptr_array_index (schemas->schemas, i);
      if (g_strcmp0 (s->register_slug, schemas->catalogue_register) == 0)
        g_hash_table_insert (w->slug_of_id, g_strdup_printf ("%" G_GINT64_FORMAT, s->id),
                             g_strdup (s->slug));
    }
  return w;
}

SwcWords *
_swc_words_ref (SwcWords *w)
{
  g_atomic_ref_count_inc (&w->ref);
  return w;
}

void
_swc_words_unref (SwcWords *w)
{
  if (w == NULL || !g_atomic_ref_count_dec (&w->ref))
    return;
  g_hash_table_unref (w->slug_of_id);
  g_free (w);
}

SwcDialect
_swc_words_dialect (SwcWords *w)
{
  return w ? w->dialect : SWC_DIALECT_2025;
}

/* ---- the way out ---- */

/* "_order[naam]" → "_order[name]"; "_fields=naam,type"; "afnemer=…"; "type=Leverancier" →
 * "type=Supplier". */
static void
append_parameter (GString *out, SwcDialect d, const char *slug, const char *param)
{
  const char *eq = strchr (param, '=');
  g_autofree char *key = g_uri_unescape_segment (param, eq, NULL);
  g_autofree char *value = eq ? g_uri_unescape_string (eq + 1, NULL) : NULL;
  char *bracket = key ? strchr (key, '[') : NULL;

  if (key == NULL)
    {
      g_string_append (out, param);
      return;
    }
  if (bracket && key[0] == '_' && g_str_has_suffix (bracket, "]"))
    {
      g_autofree char *inner = g_strndup (bracket + 1, strlen (bracket) - 2);
      *bracket = '\0';
      g_string_append_printf (out, "%s[%s]", key, swc_vocab_property_out (d, slug, inner));
    }
  else if (g_str_equal (key, "_fields") && value)
    {
      g_auto(GStrv) names = g_strsplit (value, ",", -1);
      for (guint i = 0; names[i]; i++)
        g_string_append_printf (out, "%s%s",
                                i ? "," : "_fields=", swc_vocab_property_out (d, slug, names[i]));
      return;
    }
  else if (key[0] == '_' || key[0] == '@')
    g_string_append (out, key);
  else if (bracket != NULL) /* "naam[in]=a,b": the name translated, the operator and values kept */
    {
      g_autofree char *name = g_strndup (key, bracket - key);
      g_string_append_printf (out, "%s%s", swc_vocab_property_out (d, slug, name), bracket);
    }
  else
    {
      const char *mapped = swc_vocab_value_out (d, slug, key, value);
      g_autofree char *escaped = mapped ? g_uri_escape_string (mapped, NULL, FALSE) : NULL;
      g_string_append_printf (out, "%s=%s", swc_vocab_property_out (d, slug, key),
                              escaped ? escaped : "");
      return;
    }
  if (eq)
    g_string_append (out, eq);
}

/* The path in the backend's words; *slug is the store's slug of the schema when the call is objects
 * traffic of the catalogue register (its bodies and answers are translated too), else NULL. */
char *
_swc_words_path_out (SwcWords *w, const char *path, char **slug)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *rest = NULL;
  const char *query;
  GString *out;

  *slug = NULL;
  if (w == NULL || w->dialect == SWC_DIALECT_2025 || !g_str_has_prefix (path, OBJECTS_PREFIX))
    return g_strdup (path);
  query = strchr (path, '?');
  rest = g_strndup (path + strlen (OBJECTS_PREFIX),
                    query ? (gsize) (query - path) - strlen (OBJECTS_PREFIX)
                          : strlen (path) - strlen (OBJECTS_PREFIX));
  parts = g_strsplit (rest, "/", 3);
  if (parts[0] == NULL || parts[1] == NULL || !g_str_equal (parts[0], "voorzieningen"))
    return g_strdup (path);
  *slug = g_strdup (parts[1]);
  out = g_string_new (OBJECTS_PREFIX);
  g_string_append_printf (out, "%s/%s", swc_vocab_register_out (w->dialect, parts[0]),
                          swc_vocab_slug_out (w->dialect, parts[1]));
  if (parts[2])
    g_string_append_printf (out, "/%s", parts[2]);
  if (query)
    {
      g_auto(GStrv) params = g_strsplit (query + 1, "&", -1);
      for (guint i = 0; params[i]; i++)
        {
          g_string_append_c (out, i ? '&' : '?');
          append_parameter (out, w->dialect, *slug, params[i]);
        }
    }
  return g_string_free (out, FALSE);
}

/* A body for the objects API: an object, or a merge request with the merged values under "object".
 */
GBytes *
_swc_words_body_out (SwcWords *w, const char *slug, JsonNode *body)
{
  g_autofree char *text = json_to_string (body, FALSE);
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *o;

  if (w == NULL || slug == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return g_bytes_new_take (g_steal_pointer (&text), strlen (text));
  copy = json_from_string (text, NULL);
  o = json_node_get_object (copy);
  if (json_object_has_member (o, "object") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "object")))
    swc_vocab_object_out (w->dialect, slug, json_object_get_object_member (o, "object"));
  else
    swc_vocab_object_out (w->dialect, slug, o);
  g_free (text);
  text = json_to_string (copy, FALSE);
  return g_bytes_new_take (g_steal_pointer (&text), strlen (text));
}

/* ---- the way in ---- */

static void
string_in (JsonObject *o, const char *key, const char *(*map) (SwcDialect, const char *),
           SwcDialect d)
{
  JsonNode *n = json_object_get_member (o, key);
  const char *old = n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
                        ? json_node_get_string (n)
                        : NULL;
  const char *new = old ? map (d, old) : NULL;

  if (new != old)
    json_object_set_string_member (o, key, new);
}

/* Whose schema an object of an answer is, from its @self.schema as text (a slug, or an id): the
 * store's slug, or the schema of the path when it names none the client knows by id. */
static const char *
slug_for (SwcWords *w, const char *schema, const char *fallback)
{
  const char *slug;

  if (schema == NULL || *schema == '\0')
    return fallback;
  if ((slug = g_hash_table_lookup (w->slug_of_id, schema)) != NULL)
    return slug;
  if (g_ascii_isdigit (schema[0]))
    return fallback;
  return g_intern_string (swc_vocab_slug_in (w->dialect, schema));
}

static const char *
slug_of_object (SwcWords *w, JsonObject *self, const char *fallback)
{
  JsonNode *n = self ? json_object_get_member (self, "schema") : NULL;
  g_autofree char *id = NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return fallback;
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return slug_for (w, json_node_get_string (n), fallback);
  if (json_node_get_value_type (n) != G_TYPE_INT64)
    return fallback;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  return slug_for (w, id, fallback);
}

static void
audit_entry_in (SwcWords *w, const char *slug, JsonObject *entry)
{
  JsonNode *changed = json_object_get_member (entry, "changed");

  if (changed && JSON_NODE_HOLDS_OBJECT (changed))
    {
      JsonObject *c = json_node_get_object (changed);
      g_autoptr(GList) names = json_object_get_members (c);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *pair = json_object_get_member (c, l->data);
          const char *property = swc_vocab_property_in (w->dialect, slug, l->data);
          if (JSON_NODE_HOLDS_OBJECT (pair))
            {
              JsonObject *po = json_node_get_object (pair);
              for (const char *const *k = (const char *const[]){ "old", "new", NULL }; *k; k++)
                if (json_object_has_member (po, *k))
                  {
                    JsonNode *v = json_object_get_member (po, *k);
                    const char *old =
                        JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING
                            ? json_node_get_string (v)
                            : NULL;
                    const char *new =
                        old ? swc_vocab_value_in (w->dialect, slug, property, old) : NULL;
                    if (new != old)
                      json_node_set_string (v, new);
                  }
            }
          if (property != l->data && !json_object_has_member (c, property))
            {
              json_object_set_member (c, property, json_node_ref (pair));
              json_object_remove_member (c, l->data);
            }
        }
    }
}

static void
object_in (SwcWords *w, const char *fallback, JsonObject *o)
{
  JsonNode *self_node = json_object_get_member (o, "@self");
  JsonObject *self =
      self_node && JSON_NODE_HOLDS_OBJECT (self_node) ? json_node_get_object (self_node) : NULL;
  const char *slug = slug_of_object (w, self, fallback);

  if (json_object_has_member (o, "action") && json_object_has_member (o, "changed"))
    {
      audit_entry_in (w, slug, o);
      return;
    }
  swc_vocab_object_in (w->dialect, slug, o);
  if (self)
    {
      string_in (self, "register", swc_vocab_register_in, w->dialect);
      string_in (self, "schema", swc_vocab_slug_in, w->dialect);
    }
}

/* OpenRegister's merge report: {mergedObject, actions: {references: [{objectId, schema,
 * properties}]}}. */
static void
merge_report_in (SwcWords *w, const char *slug, JsonObject *report)
{
  JsonNode *merged = json_object_get_member (report, "mergedObject");
  JsonNode *actions = json_object_get_member (report, "actions");
  JsonNode *refs = actions && JSON_NODE_HOLDS_OBJECT (actions)
                       ? json_object_get_member (json_node_get_object (actions), "references")
                       : NULL;

  if (merged && JSON_NODE_HOLDS_OBJECT (merged))
    object_in (w, slug, json_node_get_object (merged));
  for (guint i = 0; refs && JSON_NODE_HOLDS_ARRAY (refs) &&
                    i < json_array_get_length (json_node_get_array (refs));
       i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (refs), i);
      JsonObject *ref = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      JsonNode *props = ref ? json_object_get_member (ref, "properties") : NULL;
      const char *schema;
      if (ref == NULL)
        continue;
      string_in (ref, "schema", swc_vocab_slug_in, w->dialect);
      schema = json_object_get_string_member_with_default (ref, "schema", NULL);
      for (guint j = 0; props && JSON_NODE_HOLDS_ARRAY (props) &&
                        j < json_array_get_length (json_node_get_array (props));
           j++)
        {
          JsonNode *p = json_array_get_element (json_node_get_array (props), j);
          const char *old =
              JSON_NODE_HOLDS_VALUE (p) && json_node_get_value_type (p) == G_TYPE_STRING
                  ? json_node_get_string (p)
                  : NULL;
          const char *new = old ? swc_vocab_property_in (w->dialect, schema, old) : NULL;
          if (new != old)
            json_node_set_string (p, new);
        }
    }
}

/* ---- the way in, for list answers: on the text, without building JSON trees ---- */

static void
append_json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A string value, or a list of strings, in the store's words; anything else is kept as it was
 * written. */
static void
append_value_in (GString *out, SwcWords *w, const char *slug, const char *property,
                 const SwcMember *m)
{
  if (m->value_len > 0 && m->value[0] == '"')
    {
      g_autofree char *s = swc_json_string (m->value, m->value_len);
      const char *mapped = s ? swc_vocab_value_in (w->dialect, slug, property, s) : NULL;
      if (mapped != NULL && mapped != s)
        {
          append_json_string (out, mapped);
          return;
        }
    }
  else if (m->value_len > 0 && m->value[0] == '[' && swc_vocab_has_values (slug, property))
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      swc_json_array_strings (m->value, m->value_len, items);
      /* only a list of strings alone is rewritten */
      if (items->len > 0 && memchr (m->value, '{', m->value_len) == NULL)
        {
          g_string_append_c (out, '[');
          for (guint i = 0; i < items->len; i++)
            {
              const char *v = g_ptr_array_index (items, i);
              if (i)
                g_string_append_c (out, ',');
              append_json_string (out, v ? swc_vocab_value_in (w->dialect, slug, property, v) : "");
            }
          g_string_append_c (out, ']');
          return;
        }
    }
  g_string_append_len (out, m->value, m->value_len);
}

static const char *
self_schema (SwcWords *w, GArray *self_members, const char *fallback)
{
  const SwcMember *m = swc_json_member (self_members, "schema");
  g_autofree char *text = NULL;

  if (m == NULL)
    return fallback;
  text = m->value[0] == '"' ? swc_json_string (m->value, m->value_len)
                            : g_strndup (m->value, m->value_len);
  return slug_for (w, text, fallback);
}

static void
append_self_in (GString *out, SwcWords *w, GArray *self_members)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < self_members->len; i++)
    {
      const SwcMember *m = &g_array_index (self_members, SwcMember, i);
      gboolean named = (m->key_len == 8 && memcmp (m->key, "register", 8) == 0) ||
                       (m->key_len == 6 && memcmp (m->key, "schema", 6) == 0);
      g_autofree char *s =
          named && m->value[0] == '"' ? swc_json_string (m->value, m->value_len) : NULL;
      const char *mapped = s == NULL         ? NULL
                           : m->key_len == 8 ? swc_vocab_register_in (w->dialect, s)
                                             : swc_vocab_slug_in (w->dialect, s);
      g_string_append_printf (out, "%s\"%.*s\":", i ? "," : "", (int) m->key_len, m->key);
      if (mapped != NULL && mapped != s)
        append_json_string (out, mapped);
      else
        g_string_append_len (out, m->value, m->value_len);
    }
  g_string_append_c (out, '}');
}

/* One object of a list, its members renamed and its values mapped; FALSE when it needs the tree
 * path (an audit trail entry, a key with an escape in it). */
static gboolean
object_text_in (SwcWords *w, const char *fallback, const char *text, gsize length, GString *out,
                GArray *members, GArray *self_members)
{
  const SwcMember *self;
  const char *slug;

  if (!swc_json_members (text, length, members) || swc_json_member (members, "changed") != NULL)
    return FALSE;
  g_array_set_size (self_members, 0);
  if ((self = swc_json_member (members, "@self")) != NULL && self->value[0] == '{')
    swc_json_members (self->value, self->value_len, self_members);
  slug = self_schema (w, self_members, fallback);
  g_string_append_c (out, '{');
  for (guint i = 0; i < members->len; i++)
    {
      const SwcMember *m = &g_array_index (members, SwcMember, i);
      g_autofree char *key = g_strndup (m->key, m->key_len);
      const char *name = swc_vocab_property_in (w->dialect, slug, key);
      if (memchr (m->key, '\\', m->key_len) != NULL)
        return FALSE;
      if (name != key && swc_json_member (members, name) != NULL)
        name = key; /* both names: the store's one is kept as it is */
      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, name);
      g_string_append_c (out, ':');
      if (m == self && self_members->len > 0)
        append_self_in (out, w, self_members);
      else
        append_value_in (out, w, slug, name, m);
    }
  g_string_append_c (out, '}');
  return TRUE;
}

/* A list answer: its objects rewritten one by one, everything around them kept as it came. NULL
 * when the text path cannot do it. */
static GBytes *
list_text_in (SwcWords *w, const char *slug, const char *data, gsize size)
{
  SwcPage page = { 0 };
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (SwcMember));
  g_autoptr(GArray) self_members = g_array_new (FALSE, FALSE, sizeof (SwcMember));
  GString *out;
  gsize done = 0;

  if (!swc_page_scan (data, size, &page, NULL) || page.objects->len == 0)
    {
      swc_page_clear (&page);
      return NULL;
    }
  out = g_string_sized_new (size + size / 8);
  for (guint i = 0; i < page.objects->len; i++)
    {
      SwcSlice *slice = &g_array_index (page.objects, SwcSlice, i);
      g_string_append_len (out, data + done, slice->offset - done);
      if (!object_text_in (w, slug, data + slice->offset, slice->length, out, members,
                           self_members))
        {
          swc_page_clear (&page);
          g_string_free (out, TRUE);
          return NULL;
        }
      done = slice->offset + slice->length;
    }
  g_string_append_len (out, data + done, size - done);
  swc_page_clear (&page);
  return g_string_free_to_bytes (out);
}

/* An answer of the objects API in the store's words: a list ("results") or one object. Runs on a
 * worker thread (a page holds thousands of objects). Anything that is not JSON is handed on as it
 * came, for the caller's own checks to judge. */
GBytes *
_swc_words_answer_in (SwcWords *w, const char *slug, GBytes *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (answer, &size);
  JsonNode *root;
  JsonObject *o;
  JsonNode *results;
  char *text;
  GBytes *fast;

  /* strictly JSON (swc_json_valid: no repeated key, which json-glib would quietly drop) or left
   * alone */
  if (w == NULL || slug == NULL || size == 0 || !swc_json_valid (data, size))
    return g_bytes_ref (answer);
  /* a page of thousands of objects: on its text (a national first sync: 1.6 s instead of 4.9 s
   * through json-glib's trees; 1.3 s from a 2025 backend) */
  if ((fast = list_text_in (w, slug, data, size)) != NULL)
    return fast;
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return g_bytes_ref (answer);
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return g_bytes_ref (answer);
  o = json_node_get_object (root);
  results = json_object_get_member (o, "results");
  if (results && JSON_NODE_HOLDS_ARRAY (results))
    {
      JsonArray *a = json_node_get_array (results);
      for (guint i = 0; i < json_array_get_length (a); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (a, i)))
          object_in (w, slug, json_node_get_object (json_array_get_element (a, i)));
    }
  else if (json_object_has_member (o, "mergedObject") || json_object_has_member (o, "actions"))
    merge_report_in (w, slug, o);
  else
    object_in (w, slug, o);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}
