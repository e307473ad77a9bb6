/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The merge planner: the records side by side, which value of each field survives, what every
 * source's references are (from the local reference index), what stands in the way, and the
 * server's count of the same references before anything is sent. Executing, the journal and
 * reversal: swc-merge-journal.c. */
#define G_LOG_DOMAIN "swc-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-error.h"
#include "swc-merge-private.h"
#include "swc-db.h"

static void
merge_object_free (SwcMergeObject *o)
{
  g_free (o->uuid);
  g_free (o->name);
  g_free (o);
}

void
swc_merge_move_free (SwcMergeMove *move)
{
  g_free (move->schema);
  g_free (move->property);
  g_ptr_array_unref (move->objects);
  g_free (move);
}

void
swc_merge_blocker_free (SwcMergeBlocker *b)
{
  g_free (b->uuid);
  g_free (b->message);
  g_free (b->fix);
  g_free (b);
}

void
swc_merge_count_free (SwcMergeCount *c)
{
  g_free (c->key);
  g_free (c->label);
  g_free (c);
}

SwcMergeMove *
_swc_merge_move_new (const char *schema, const char *property)
{
  SwcMergeMove *m = g_new0 (SwcMergeMove, 1);

  m->schema = g_strdup (schema);
  m->property = g_strdup (property);
  m->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) merge_object_free);
  m->server = -1;
  return m;
}

/* name: as the person reads it (swc_merge_object_name), never NULL */
void
_swc_merge_move_add (SwcMergeMove *m, const char *uuid, const char *name)
{
  SwcMergeObject *o = g_new0 (SwcMergeObject, 1);

  o->uuid = g_strdup (uuid);
  o->name = g_strdup (name);
  g_ptr_array_add (m->objects, o);
}

gboolean
_swc_merge_value_empty (JsonNode *n)
{
  return n == NULL || JSON_NODE_HOLDS_NULL (n) ||
         (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
          !*json_node_get_string (n)) ||
         (JSON_NODE_HOLDS_ARRAY (n) && json_array_get_length (json_node_get_array (n)) == 0) ||
         (JSON_NODE_HOLDS_OBJECT (n) && json_object_get_size (json_node_get_object (n)) == 0);
}

/* Equal as a person sees it: null, "", [] and {} are all empty. */
gboolean
_swc_merge_values_equal (JsonNode *a, JsonNode *b)
{
  if (_swc_merge_value_empty (a) || _swc_merge_value_empty (b))
    return _swc_merge_value_empty (a) && _swc_merge_value_empty (b);
  return json_node_equal (a, b);
}

JsonNode *
_swc_merge_parse (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (p, text, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (p));
}

JsonObject *
_swc_merge_parse_object (const char *text)
{
  g_autoptr(JsonNode) n = _swc_merge_parse (text);

  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_object_ref (json_node_get_object (n)) : NULL;
}

/* A property's value as a uuid reference: its string, or a nested object's id. */
const char *
_swc_merge_ref_string (JsonNode *n)
{
  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  if (n && JSON_NODE_HOLDS_OBJECT (n))
    return json_object_get_string_member_with_default (json_node_get_object (n), "id", NULL);
  return NULL;
}

/* Whether a value (one reference or a list of them) names uuid. */
gboolean
_swc_merge_points_at (JsonNode *value, const char *uuid)
{
  JsonArray *a;

  if (g_strcmp0 (_swc_merge_ref_string (value), uuid) == 0)
    return TRUE;
  a = value && JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    if (g_strcmp0 (_swc_merge_ref_string (json_array_get_element (a, i)), uuid) == 0)
      return TRUE;
  return FALSE;
}

static SwcRef *
schema_ref (SwcSchema *schema, const char *property)
{
  for (guint i = 0; i < schema->refs->len; i++)
    {
      SwcRef *r = g_ptr_array_index (schema->refs, i);
      if (g_str_equal (r->property, property))
        return r;
    }
  return NULL;
}

/* ---- labels and names ---- */

/* The schema's label in the user's language ("Gebruik", swc-labels.c); its slug when the schemas do
 * not know it. */
const char *
swc_merge_schema_label (SwcSchemaSet *schemas, const char *schema)
{
  SwcSchema *s = schemas && schema ? swc_schema_set_lookup (schemas, schema) : NULL;

  return s ? swc_schema_label (s) : schema;
}

/* The property's label in the user's language ("Afnemer"); its name when the schema does not know
 * it. */
const char *
swc_merge_field_label (SwcSchemaSet *schemas, const char *schema, const char *property)
{
  SwcSchema *s = schemas && schema ? swc_schema_set_lookup (schemas, schema) : NULL;

  return s ? swc_schema_property_label (s, property) : property;
}

/* "Gebruik · Afnemer": objects of schema that point at something through property. */
char *
swc_merge_kind_label (SwcSchemaSet *schemas, const char *schema, const char *property)
{
  g_return_val_if_fail (schemas != NULL, NULL);

  return g_strdup_printf ("%s · %s", swc_merge_schema_label (schemas, schema),
                          swc_merge_field_label (schemas, schema, property));
}

typedef struct
{
  char *property;
  char *schema; /* of the object pointed at */
  char *name;
} Named;

static void
named_free (Named *n)
{
  g_free (n->property);
  g_free (n->schema);
  g_free (n->name);
  g_free (n);
}

static Named *
named_find (GPtrArray *refs, const char *property, const char *schema)
{
  for (guint i = 0; i < refs->len; i++)
    {
      Named *n = g_ptr_array_index (refs, i);
      if ((property == NULL || g_str_equal (n->property, property)) &&
          (schema == NULL || g_str_equal (n->schema, schema)))
        return n;
    }
  return NULL;
}

/* The object's schema, and the names of what it points at (per property, the first name), from the
 * reference index. */
static char *
named_references (SwcStore *store, const char *uuid, GPtrArray *refs)
{
  sqlite3_stmt *s = NULL;
  char *schema = NULL;

  s = swc_db_prepare (swc_store_get_db (store),
                      "SELECT o.schema, r.property, t.schema, t.name FROM objects o"
                      " LEFT JOIN refs r ON r.source = o.rowid"
                      " LEFT JOIN objects t ON t.uuid = r.target AND t.deleted = 0"
                      " WHERE o.uuid = ? ORDER BY r.property, t.name COLLATE NOCASE");
  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      const char *property = (const char *) sqlite3_column_text (s, 1);
      const char *name = (const char *) sqlite3_column_text (s, 3);
      Named *n;
      if (schema == NULL)
        schema = g_strdup ((const char *) sqlite3_column_text (s, 0));
      if (property == NULL || name == NULL || !*name || g_uuid_string_is_valid (name) ||
          named_find (refs, property, NULL))
        continue;
      n = g_new0 (Named, 1);
      n->property = g_strdup (property);
      n->schema = g_strdup ((const char *) sqlite3_column_text (s, 2));
      n->name = g_strdup (name);
      g_ptr_array_add (refs, n);
    }
  sqlite3_finalize (s);
  return schema;
}

/* What a usage is of: a package first, then a product or a service, else anything but a person. */
static Named *
used_thing (GPtrArray *refs, Named *consumer)
{
  static const char *kinds[] = { "module", "product", "dienst", NULL };

  for (guint k = 0; kinds[k]; k++)
    {
      Named *n = named_find (refs, NULL, kinds[k]);
      if (n && n != consumer)
        return n;
    }
  for (guint i = 0; i < refs->len; i++)
    {
      Named *n = g_ptr_array_index (refs, i);
      if (n != consumer && !g_str_equal (n->schema, "contactpersoon"))
        return n;
    }
  return NULL;
}

/* "Gemeente X uses Pakket Y", "Koppeling: Pakket A, Pakket B", or "Contract without a name". */
static char *
describe (SwcStore *store, SwcSchemaSet *schemas, const char *uuid)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) named_free);
  g_autofree char *schema = named_references (store, uuid, refs);
  const char *consumer_field = schemas ? swc_schema_set_field (schemas, SWC_FIELD_CONSUMER) : NULL;
  Named *consumer = named_find (refs, consumer_field ? consumer_field : "afnemer", NULL);
  Named *used;
  g_autoptr(GString) parts = g_string_new (NULL);

  if (schema == NULL)
    return g_strdup (_("An unknown record"));
  if (consumer == NULL && consumer_field == NULL)
    consumer = named_find (refs, "consumer", NULL);
  if (consumer && (used = used_thing (refs, consumer)) != NULL)
    return g_strdup_printf (_("%s uses %s"), consumer->name, used->name);
  for (guint i = 0; i < refs->len && i < 3; i++)
    {
      Named *n = g_ptr_array_index (refs, i);
      g_string_append_printf (parts, "%s%s", i ? ", " : "", n->name);
    }
  if (parts->len)
    return g_strdup_printf (_("%s: %s"), swc_merge_schema_label (schemas, schema), parts->str);
  return g_strdup_printf (_("%s without a name"), swc_merge_schema_label (schemas, schema));
}

char *
swc_merge_object_name (SwcStore *store, SwcSchemaSet *schemas, const char *uuid)
{
  char *name;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  name = swc_store_object_name (store, uuid);
  if (name && *name && !g_uuid_string_is_valid (name))
    return name;
  g_free (name);
  return describe (store, schemas, uuid);
}

/* ---- the plan ---- */

static void
load_records (SwcMergePlan *plan, const char *const *sources, const char *target)
{
  plan->new_target = target == NULL;
  plan->target = target ? g_strdup (target) : g_uuid_string_random ();
  g_ptr_array_add (plan->uuids, g_strdup (plan->target));
  for (guint i = 0; sources[i]; i++)
    g_ptr_array_add (plan->uuids, g_strdup (sources[i]));
  for (guint i = 0; i < plan->uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (plan->uuids, i);
      JsonObject *o = (i == 0 && plan->new_target) ? NULL : swc_store_object (plan->store, uuid);
      char *name = (i == 0 && plan->new_target)
                       ? g_strdup ("")
                       : swc_merge_object_name (plan->store, plan->schemas, uuid);
      g_ptr_array_add (plan->records, o ? o : json_object_new ());
      g_ptr_array_add (plan->names, name);
    }
}

static gboolean
shown_field (SwcSchema *schema, const char *name)
{
  JsonObject *p = swc_schema_property (schema, name);

  return p != NULL && !json_object_get_boolean_member_with_default (p, "readOnly", FALSE) &&
         !json_object_get_boolean_member_with_default (p, "hidden", FALSE);
}

/* The target's value unless it is empty; then the first source that has one. References in lists:
 * all. */
static gint
default_choice (SwcMergePlan *plan, const char *field)
{
  SwcRef *ref = schema_ref (plan->schema, field);

  if (ref && ref->many)
    return SWC_MERGE_UNION;
  for (guint i = plan->new_target ? 1 : 0; i < plan->records->len; i++)
    if (!_swc_merge_value_empty (
            json_object_get_member (g_ptr_array_index (plan->records, i), field)))
      return (gint) i;
  return plan->new_target ? 1 : 0;
}

static void
load_fields (SwcMergePlan *plan)
{
  GList *names = json_object_get_members (plan->schema->properties);

  for (GList *l = names; l; l = l->next)
    if (shown_field (plan->schema, l->data))
      {
        g_ptr_array_add (plan->fields, g_strdup (l->data));
        g_hash_table_insert (plan->choices, g_strdup (l->data),
                             GINT_TO_POINTER (default_choice (plan, l->data)));
      }
  g_list_free (names);
}

SwcMergePlan *
swc_merge_plan_new (SwcStore *store, SwcSchemaSet *schemas, const char *const *sources,
                    const char *target)
{
  SwcMergePlan *plan = g_new0 (SwcMergePlan, 1);
  g_autofree char *slug = NULL;

  g_return_val_if_fail (sources != NULL && sources[0] != NULL, NULL);
  plan->ref = 1;
  plan->store = g_object_ref (store);
  plan->schemas = schemas;
  plan->uuids = g_ptr_array_new_with_free_func (g_free);
  plan->names = g_ptr_array_new_with_free_func (g_free);
  plan->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  plan->fields = g_ptr_array_new_with_free_func (g_free);
  plan->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  plan->values =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  plan->blockers = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_merge_blocker_free);
  plan->app_blockers = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_merge_blocker_free);
  plan->app_counts = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_merge_count_free);
  slug = swc_store_object_schema (store, target ? target : sources[0]);
  plan->schema = slug ? swc_schema_set_lookup (schemas, slug) : NULL;
  load_records (plan, sources, target);
  if (plan->schema != NULL)
    load_fields (plan);
  _swc_merge_find_blockers (plan);
  plan->moves = _swc_merge_find_moves (plan);
  return plan;
}

G_DEFINE_BOXED_TYPE (SwcMergePlan, swc_merge_plan, swc_merge_plan_ref, swc_merge_plan_unref)

SwcMergePlan *
swc_merge_plan_ref (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  g_atomic_int_inc (&plan->ref);
  return plan;
}

void
swc_merge_plan_unref (SwcMergePlan *plan)
{
  if (plan == NULL || !g_atomic_int_dec_and_test (&plan->ref))
    return;
  g_object_unref (plan->store);
  g_ptr_array_unref (plan->uuids);
  g_ptr_array_unref (plan->names);
  g_ptr_array_unref (plan->records);
  g_ptr_array_unref (plan->fields);
  g_hash_table_unref (plan->choices);
  g_hash_table_unref (plan->values);
  g_ptr_array_unref (plan->blockers);
  g_ptr_array_unref (plan->app_blockers);
  g_ptr_array_unref (plan->app_counts);
  g_clear_pointer (&plan->moves, g_ptr_array_unref);
  g_free (plan->target);
  g_free (plan);
}

const char *
swc_merge_plan_get_schema (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return plan->schema ? plan->schema->slug : NULL;
}

const char *
swc_merge_plan_get_target (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return plan->target;
}

gboolean
swc_merge_plan_is_new_target (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, FALSE);

  return plan->new_target;
}

/* Columns: 0 is the target (empty for a new one), then the sources in their order. */
guint
swc_merge_plan_n_records (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, 0);

  return plan->records->len;
}

const char *
swc_merge_plan_record_uuid (SwcMergePlan *plan, guint column)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return g_ptr_array_index (plan->uuids, column);
}

const char *
swc_merge_plan_record_name (SwcMergePlan *plan, guint column)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return g_ptr_array_index (plan->names, column);
}

JsonObject *
swc_merge_plan_record (SwcMergePlan *plan, guint column)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return g_ptr_array_index (plan->records, column);
}

GPtrArray *
swc_merge_plan_fields (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return plan->fields;
}

gboolean
swc_merge_plan_field_differs (SwcMergePlan *plan, const char *field)
{
  JsonNode *first = NULL;
  gboolean have_first = FALSE;

  g_return_val_if_fail (plan != NULL, FALSE);

  for (guint i = plan->new_target ? 1 : 0; i < plan->records->len; i++)
    {
      JsonNode *v = json_object_get_member (g_ptr_array_index (plan->records, i), field);
      if (!have_first)
        {
          first = v;
          have_first = TRUE;
        }
      else if (!_swc_merge_values_equal (first, v))
        return TRUE;
    }
  return FALSE;
}

gint
swc_merge_plan_get_choice (SwcMergePlan *plan, const char *field)
{
  g_return_val_if_fail (plan != NULL, 0);

  return GPOINTER_TO_INT (g_hash_table_lookup (plan->choices, field));
}

void
swc_merge_plan_choose (SwcMergePlan *plan, const char *field, gint column)
{
  g_return_if_fail (column == SWC_MERGE_UNION ||
                    (column >= 0 && (guint) column < plan->records->len));
  g_hash_table_insert (plan->choices, g_strdup (field), GINT_TO_POINTER (column));
  g_hash_table_remove (plan->values, field);
  _swc_merge_find_blockers (
      plan); /* the result's type decides whether a collaboration may go into it */
}

/* A value typed by the user (the name of a new organisation); NULL goes back to the chosen column.
 */
void
swc_merge_plan_set_value (SwcMergePlan *plan, const char *field, JsonNode *value)
{
  g_return_if_fail (plan != NULL);

  if (value == NULL)
    g_hash_table_remove (plan->values, field);
  else
    g_hash_table_insert (plan->values, g_strdup (field), json_node_copy (value));
  _swc_merge_find_blockers (plan);
}

/* Every record's references together, without the records of the plan themselves (a merged record
 * cannot point at itself or at what it absorbed). */
static JsonNode *
union_value (SwcMergePlan *plan, const char *field)
{
  JsonArray *out = json_array_new ();
  JsonNode *node;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < plan->uuids->len; i++)
    g_hash_table_add (seen, g_ptr_array_index (plan->uuids, i));
  for (guint i = 0; i < plan->records->len; i++)
    {
      JsonNode *v = json_object_get_member (g_ptr_array_index (plan->records, i), field);
      JsonArray *a = v && JSON_NODE_HOLDS_ARRAY (v) ? json_node_get_array (v) : NULL;
      for (guint j = 0; a && j < json_array_get_length (a); j++)
        {
          const char *id = _swc_merge_ref_string (json_array_get_element (a, j));
          if (id && g_hash_table_add (seen, (gpointer) id))
            json_array_add_string_element (out, id);
        }
    }
  node = json_node_init_array (json_node_alloc (), out); /* takes its own reference */
  json_array_unref (out);
  return node;
}

/* The values the merged record will have, field by field (empty ones left out). */
JsonObject *
swc_merge_plan_result (SwcMergePlan *plan)
{
  JsonObject *result = json_object_new ();

  g_return_val_if_fail (plan != NULL, NULL);

  for (guint i = 0; i < plan->fields->len; i++)
    {
      const char *field = g_ptr_array_index (plan->fields, i);
      gint choice = swc_merge_plan_get_choice (plan, field);
      JsonNode *typed = g_hash_table_lookup (plan->values, field);
      JsonNode *v;

      if (typed)
        v = json_node_copy (typed);
      else if (choice == SWC_MERGE_UNION)
        v = union_value (plan, field);
      else
        {
          JsonNode *c = json_object_get_member (g_ptr_array_index (plan->records, choice), field);
          v = c ? json_node_copy (c) : NULL;
        }
      if (v && !_swc_merge_value_empty (v))
        json_object_set_member (result, field, v);
      else if (v)
        json_node_unref (v);
    }
  return result;
}

GPtrArray *
swc_merge_plan_moves (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return plan->moves;
}

gint64
swc_merge_plan_total (SwcMergePlan *plan)
{
  gint64 total = 0;

  g_return_val_if_fail (plan != NULL, 0);

  for (guint i = 0; i < plan->moves->len; i++)
    total += ((SwcMergeMove *) g_ptr_array_index (plan->moves, i))->references;
  return total;
}

GPtrArray *
swc_merge_plan_blockers (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return plan->blockers;
}

/* After swc_merge_check on a backend that merges organisations itself: what its dry run counted
 * (empty otherwise). */
GPtrArray *
swc_merge_plan_app_counts (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return plan->app_counts;
}

gboolean
swc_merge_plan_checked (SwcMergePlan *plan)
{
  g_return_val_if_fail (plan != NULL, FALSE);

  return plan->checked;
}

/* After the server check: the kinds of reference where the server counts differently (as
 * "schema.property: local here, server there" sentences, for the command line; the merge view says
 * it with swc_merge_kind_label). */
GPtrArray *
swc_merge_plan_differences (SwcMergePlan *plan)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (plan != NULL, NULL);

  for (guint i = 0; plan->checked && i < plan->moves->len; i++)
    {
      SwcMergeMove *m = g_ptr_array_index (plan->moves, i);
      if (m->server >= 0 && m->server != m->references)
        g_ptr_array_add (out, g_strdup_printf (_("%s · %s: %lld here, %lld on the server"),
                                               swc_labels_schema (m->schema, NULL),
                                               swc_labels_property (m->schema, m->property, NULL),
                                               (long long) m->references, (long long) m->server));
    }
  return out;
}

/* Whether the merge view shows the field: lists the backend keeps from the other side (a package's
 * usages and links, "visible": false) are not chosen here; they follow the references that move. */
gboolean
swc_merge_plan_field_shown (SwcMergePlan *plan, const char *field)
{
  JsonObject *p;

  g_return_val_if_fail (plan != NULL, FALSE);

  p = plan->schema ? swc_schema_property (plan->schema, field) : NULL;
  return p != NULL && json_object_get_boolean_member_with_default (p, "visible", TRUE);
}
