/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Object lists as OpenRegister's magic mapper answers them: paging, filters, _search, _order,
 * _facets. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-query.h"

#include <math.h>
#include <string.h>

typedef struct
{
  gboolean is_number;
  double number;
  char *text;
} Bind;

struct _SrvQuery
{
  Srv *srv;
  SrvSchema *schema;
  GString *where;
  GArray *binds; /* Bind */
  GString *order;
  GArray *order_binds;
  JsonArray *ignored; /* names of filters on unknown properties */
  gint64 limit;       /* -1: no _limit given */
  gint64 page;
  gint64 offset;
};

static void
bind_clear (gpointer data)
{
  g_free (((Bind *) data)->text);
}

static void
add_text_bind (GArray *binds, const char *text)
{
  Bind b = { FALSE, 0, g_strdup (text) };

  g_array_append_val (binds, b);
}

static void
add_value_bind (GArray *binds, JsonObject *prop, const char *value)
{
  const char *type = prop ? srv_property_type (prop) : "string";
  Bind b = { FALSE, 0, NULL };

  if (g_str_equal (type, "number") || g_str_equal (type, "integer"))
    {
      b.is_number = TRUE;
      b.number = g_ascii_strtod (value, NULL);
    }
  else if (g_str_equal (type, "boolean"))
    {
      b.is_number = TRUE;
      b.number = (g_ascii_strcasecmp (value, "true") == 0 || g_str_equal (value, "1")) ? 1 : 0;
    }
  else
    b.text = g_strdup (value);
  g_array_append_val (binds, b);
}

static char *
json_path (const char *prop)
{
  return g_strdup_printf ("$.\"%s\"", prop);
}

static const char *
metadata_column (const char *name)
{
  static const char *cols[] = { "uuid", "organisation", "owner", "created", "updated", NULL };

  if (g_str_equal (name, "id"))
    return "uuid";
  for (guint i = 0; cols[i]; i++)
    if (g_str_equal (name, cols[i]))
      return cols[i];
  return NULL;
}

static const char *
sql_operator (const char *op)
{
  if (g_str_equal (op, "gte"))
    return ">=";
  if (g_str_equal (op, "lte"))
    return "<=";
  if (g_str_equal (op, "gt"))
    return ">";
  if (g_str_equal (op, "lt"))
    return "<";
  return NULL;
}

/* Splits "name[op]" into name and op ("" for name[], NULL without brackets). */
static char *
split_filter_key (const char *key, char **op)
{
  const char *br = strchr (key, '[');
  const char *end;

  *op = NULL;
  if (br == NULL)
    return g_strdup (key);
  end = strchr (br, ']');
  *op = g_strndup (br + 1, end ? (gsize) (end - br - 1) : strlen (br + 1));
  return g_strndup (key, br - key);
}

/* Equality on a reference property is answered from the reference index, as the real backend
 * answers it from an indexed column. */
static gboolean
add_reference_condition (SrvQuery *q, const char *name, GStrv values)
{
  JsonObject *prop = srv_schema_property (q->schema, name);

  if (prop == NULL || srv_property_ref (prop) == NULL)
    return FALSE;
  g_string_append (q->where,
                   " AND o.rowid IN (SELECT source FROM refs WHERE property = ? AND target IN (");
  add_text_bind (q->binds, name);
  for (guint i = 0; values[i]; i++)
    {
      g_string_append (q->where, i ? ", ?" : "?");
      add_text_bind (q->binds, values[i]);
    }
  g_string_append (q->where, "))");
  return TRUE;
}

/* Properties with an expression index (srv-store.c): the filter must spell the same expression. */
static gboolean
indexed_property (const char *name)
{
  return g_str_equal (name, "status") || g_str_equal (name, "type");
}

static void
add_condition (SrvQuery *q, const char *name, const char *op, GStrv values)
{
  JsonObject *prop = srv_schema_property (q->schema, name);
  const char *meta = metadata_column (name);
  const char *cmp = op ? sql_operator (op) : NULL;
  g_autofree char *path = json_path (name);
  g_autoptr(GString) lhs = g_string_new (NULL);
  gboolean array = prop != NULL && srv_property_is_array (prop);

  if (cmp == NULL && meta == NULL && add_reference_condition (q, name, values))
    return;
  if (meta != NULL)
    g_string_printf (lhs, "o.%s", meta);
  else if (array)
    g_string_assign (lhs, "je.value");
  else if (indexed_property (name))
    g_string_printf (lhs, "json_extract (o.data, '%s')",
                     path); /* literal: as in the index (srv-store.c) */
  else
    g_string_assign (lhs, "json_extract(o.data, ?)");
  g_string_append (q->where, " AND ");
  if (array && meta == NULL)
    {
      g_string_append (q->where, "EXISTS (SELECT 1 FROM json_each(o.data, ?) je WHERE ");
      add_text_bind (q->binds, path);
    }
  else if (meta == NULL && !indexed_property (name))
    add_text_bind (q->binds, path);
  if (cmp != NULL)
    {
      g_string_append_printf (q->where, "%s %s ?", lhs->str, cmp);
      add_value_bind (q->binds, prop, values[0]);
    }
  else
    {
      g_string_append_printf (q->where, "%s COLLATE NOCASE IN (", lhs->str);
      for (guint i = 0; values[i]; i++)
        {
          g_string_append (q->where, i ? ", ?" : "?");
          add_value_bind (q->binds, prop, values[i]);
        }
      g_string_append (q->where, ")");
    }
  if (array && meta == NULL)
    g_string_append (q->where, ")");
}

static gboolean
is_reserved (const char *name)
{
  /* SearchQueryHandler::buildSearchQuery drops these; every other name without "_" is a property
   * filter, "fields" or "limit" too (a filter on no property: 0 results) */
  static const char *reserved[] = { "id", "register", "schema", "rbac", "multi", "deleted", NULL };

  return name[0] == '_' || name[0] == '@' || g_strv_contains (reserved, name);
}

/* Collects f=v, f[]=a&f[]=b and f[op]=v into conditions; the values of f[] become one IN. */
static void
add_filters (SrvQuery *q, GPtrArray *params)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < params->len; i++)
    {
      SrvParam *p = g_ptr_array_index (params, i);
      g_autofree char *op = NULL;
      g_autofree char *name = split_filter_key (p->key, &op);
      g_autoptr(GPtrArray) values = NULL;

      if (is_reserved (name) || g_hash_table_contains (seen, p->key))
        continue;
      g_hash_table_add (seen, g_strdup (p->key));
      if (srv_schema_property (q->schema, name) == NULL && metadata_column (name) == NULL)
        {
          json_array_add_string_element (q->ignored, name);
          continue;
        }
      values = g_ptr_array_new ();
      if (op != NULL && g_str_equal (op, "in"))
        {
          g_auto(GStrv) parts = g_strsplit (p->value, ",", -1);
          add_condition (q, name, NULL, parts);
          continue;
        }
      for (guint j = i; j < params->len; j++)
        {
          SrvParam *o = g_ptr_array_index (params, j);
          if (g_str_equal (o->key, p->key))
            g_ptr_array_add (values, o->value);
        }
      g_ptr_array_add (values, NULL);
      add_condition (q, name, op && *op ? op : NULL, (GStrv) values->pdata);
    }
}

static void
add_order_term (SrvQuery *q, const char *field, const char *dir)
{
  const char *d = g_ascii_strcasecmp (dir, "desc") == 0 ? "DESC" : "ASC";
  const char *meta = g_str_has_prefix (field, "@self.") ? field + 6 : NULL;

  if (meta != NULL)
    {
      static const char *cols[] = { "created",      "updated", "name", "owner",
                                    "organisation", "uuid",    NULL };
      if (!g_strv_contains (cols, meta))
        return;
      g_string_append_printf (q->order, "o.%s %s, ", meta, d);
      return;
    }
  if (srv_schema_property (q->schema, field) == NULL)
    return;
  {
    g_autofree char *path = json_path (field);
    g_string_append_printf (q->order, "json_extract(o.data, ?) %s, ", d);
    add_text_bind (q->order_binds, path);
  }
}

static void
add_order_json (SrvQuery *q, const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  GList *names;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  names = json_object_get_members (o);
  for (GList *l = names; l; l = l->next)
    add_order_term (q, l->data, json_object_get_string_member_with_default (o, l->data, "asc"));
  g_list_free (names);
}

static void
add_ordering (SrvQuery *q, GPtrArray *params)
{
  for (guint i = 0; i < params->len; i++)
    {
      SrvParam *p = g_ptr_array_index (params, i);
      if (g_str_has_prefix (p->key, "_order[") && g_str_has_suffix (p->key, "]"))
        {
          g_autofree char *field = g_strndup (p->key + 7, strlen (p->key) - 8);
          add_order_term (q, field, p->value);
        }
      else if (g_str_equal (p->key, "_order"))
        add_order_json (q, p->value);
    }
  g_string_append (q->order, "o.rowid ASC");
}

/* _ids=a,b or _ids[]=a&_ids[]=b (SearchQueryHandler::buildSearchQuery explodes the string and drops
 * empty parts); no id left means no filter at all (MagicSearchHandler::buildFilteredQuery skips an
 * empty list). */
static void
add_ids (SrvQuery *q, GPtrArray *params)
{
  guint n = 0;

  for (guint i = 0; i < params->len; i++)
    {
      SrvParam *p = g_ptr_array_index (params, i);
      g_auto(GStrv) parts = NULL;
      if (!g_str_equal (p->key, "_ids") && !g_str_has_prefix (p->key, "_ids["))
        continue;
      parts = g_strsplit (p->value, ",", -1);
      for (guint j = 0; parts[j]; j++)
        {
          if (*g_strstrip (parts[j]) == '\0')
            continue;
          g_string_append (q->where, n++ ? ", ?" : " AND o.uuid IN (?");
          add_text_bind (q->binds, parts[j]);
        }
    }
  if (n > 0)
    g_string_append (q->where, ")");
}

static void
add_search_and_ids (SrvQuery *q, GPtrArray *params)
{
  const char *search = srv_param (params, "_search");

  if (search != NULL && *search)
    {
      g_autofree char *folded = srv_fold (search);
      g_autofree char *like = g_strdup_printf ("%%%s%%", folded);
      g_string_append (q->where, " AND o.search LIKE ?");
      add_text_bind (q->binds, like);
    }
  add_ids (q, params);
}

static gint64
param_int (GPtrArray *params, const char *key, gint64 fallback)
{
  const char *v = srv_param (params, key);

  if (v == NULL || *v == '\0')
    return fallback;
  return g_ascii_strtoll (v, NULL, 10);
}

SrvQuery *
srv_query_new (Srv *srv, SrvSchema *schema, GPtrArray *params)
{
  SrvQuery *q = g_new0 (SrvQuery, 1);

  q->srv = srv;
  q->schema = schema;
  q->where = g_string_new ("o.schema = ? AND o.deleted IS NULL");
  q->binds = g_array_new (FALSE, TRUE, sizeof (Bind));
  g_array_set_clear_func (q->binds, bind_clear);
  q->order = g_string_new (NULL);
  q->order_binds = g_array_new (FALSE, TRUE, sizeof (Bind));
  g_array_set_clear_func (q->order_binds, bind_clear);
  q->ignored = json_array_new ();
  add_filters (q, params);
  add_search_and_ids (q, params);
  add_ordering (q, params);
  q->limit = param_int (params, "_limit", -1);
  q->page = MAX (1, param_int (params, "_page", 1));
  q->offset = param_int (params, "_offset", -1);
  if (q->offset < 0)
    q->offset = q->limit > 0 ? (q->page - 1) * q->limit : 0;
  else if (q->limit > 0)
    q->page = q->offset / q->limit + 1;
  return q;
}

void
srv_query_free (SrvQuery *q)
{
  g_string_free (q->where, TRUE);
  g_array_unref (q->binds);
  g_string_free (q->order, TRUE);
  g_array_unref (q->order_binds);
  json_array_unref (q->ignored);
  g_free (q);
}

static int
bind_all (sqlite3_stmt *stmt, int start, GArray *binds)
{
  for (guint i = 0; i < binds->len; i++)
    {
      Bind *b = &g_array_index (binds, Bind, i);
      if (b->is_number)
        sqlite3_bind_double (stmt, start + i, b->number);
      else
        sqlite3_bind_text (stmt, start + i, b->text, -1, SQLITE_TRANSIENT);
    }
  return start + binds->len;
}

static sqlite3_stmt *
prepare_from_where (SrvQuery *q, const char *select, const char *from, const char *tail,
                    gboolean with_order)
{
  g_autofree char *sql =
      g_strdup_printf ("SELECT %s FROM %s WHERE %s%s%s%s", select, from, q->where->str,
                       tail ? tail : "", with_order ? " ORDER BY " : "",
                       with_order ? q->order->str : "");
  sqlite3_stmt *stmt = srv_prepare (q->srv, sql);
  int next;

  sqlite3_bind_int64 (stmt, 1, q->schema->id);
  next = bind_all (stmt, 2, q->binds);
  if (with_order)
    bind_all (stmt, next, q->order_binds);
  return stmt;
}

static sqlite3_stmt *
prepare_where (SrvQuery *q, const char *select, const char *tail, gboolean with_order)
{
  return prepare_from_where (q, select, "objects o", tail, with_order);
}

gboolean
srv_query_has_ignored (SrvQuery *q)
{
  return json_array_get_length (q->ignored) > 0;
}

gint64
srv_query_count (SrvQuery *q)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;

  gboolean unfiltered = q->binds->len == 0;
  gpointer key = GINT_TO_POINTER ((gint) q->schema->id);
  gpointer cached;

  if (srv_query_has_ignored (q))
    return 0;
  /* a sync pages through whole schemas: counting them once per change, not per page, keeps deep
   * paging cheap */
  if (unfiltered && g_hash_table_lookup_extended (q->srv->live_counts, key, NULL, &cached))
    return GPOINTER_TO_SIZE (cached);
  stmt = prepare_where (q, "COUNT(*)", NULL, FALSE);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (unfiltered)
    g_hash_table_insert (q->srv->live_counts, key, GSIZE_TO_POINTER ((gsize) n));
  return n;
}

void
srv_query_append_page (SrvQuery *q, GString *out, const SrvRender *render)
{
  g_autofree char *tail = NULL;
  sqlite3_stmt *stmt;
  gboolean first = TRUE;

  gboolean in_order =
      q->binds->len == 0 && g_str_equal (q->order->str, "o.rowid ASC") && q->limit > 0;
  g_autofree char *key =
      g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, q->schema->id, q->offset);
  g_autofree char *next_key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                               q->schema->id, q->offset + q->limit);
  gpointer after = NULL;
  gint64 last = 0;

  if (srv_query_has_ignored (q))
    return;
  /* paging through a whole schema in order continues after the previous page's last row instead of
   * counting past every earlier one (OFFSET makes a full read quadratic) */
  if (in_order && q->offset > 0 &&
      g_hash_table_lookup_extended (q->srv->page_cursors, key, NULL, &after))
    tail =
        g_strdup_printf (" AND o.rowid > %" G_GINT64_FORMAT " ORDER BY %s LIMIT %" G_GINT64_FORMAT,
                         (gint64) GPOINTER_TO_SIZE (after), q->order->str, q->limit);
  else if (q->limit > 0)
    tail = g_strdup_printf (" ORDER BY %s LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                            q->order->str, q->limit, q->offset);
  else
    tail = g_strdup_printf (" ORDER BY %s", q->order->str);
  {
    g_autofree char *sql =
        g_strdup_printf ("SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE %s%s", q->where->str,
                         tail);
    int next;
    stmt = srv_prepare (q->srv, sql);
    sqlite3_bind_int64 (stmt, 1, q->schema->id);
    next = bind_all (stmt, 2, q->binds);
    bind_all (stmt, next, q->order_binds);
  }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      srv_render_row (q->srv, out, stmt, render);
      last = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  if (in_order && last > 0)
    g_hash_table_insert (q->srv->page_cursors, g_steal_pointer (&next_key),
                         GSIZE_TO_POINTER ((gsize) last));
}

static void
add_facet (SrvQuery *q, JsonBuilder *b, const char *field)
{
  JsonObject *prop = srv_schema_property (q->schema, field);
  g_autofree char *path = json_path (field);
  g_autoptr(GString) select = g_string_new (NULL);
  sqlite3_stmt *stmt;

  /* The facet's JSON path is inlined in the select; property names come from the schema only. */
  if (prop == NULL || strchr (field, '\'') != NULL)
    return;
  if (srv_property_is_array (prop))
    {
      g_autofree char *from = g_strdup_printf ("objects o, json_each(o.data, '%s') je", path);
      stmt = prepare_from_where (q, "je.value AS v, COUNT(*)", from,
                                 " GROUP BY v ORDER BY COUNT(*) DESC, v", FALSE);
    }
  else
    {
      g_string_printf (select, "json_extract(o.data, '%s') AS v, COUNT(*)", path);
      stmt = prepare_where (q, select->str, " GROUP BY v ORDER BY COUNT(*) DESC, v", FALSE);
    }
  json_builder_set_member_name (b, field);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "terms");
  json_builder_set_member_name (b, "buckets");
  json_builder_begin_array (b);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      if (key == NULL)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, key);
      json_builder_set_member_name (b, "results");
      json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 1));
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, key);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  sqlite3_finalize (stmt);
}

void
srv_query_facets (SrvQuery *q, JsonBuilder *b, const char *fields)
{
  g_auto(GStrv) names = g_strsplit (fields ? fields : "", ",", -1);

  json_builder_set_member_name (b, "facets");
  json_builder_begin_object (b);
  for (guint i = 0; names[i]; i++)
    if (*g_strstrip (names[i]) && !srv_query_has_ignored (q))
      add_facet (q, b, names[i]);
  json_builder_end_object (b);
}

gint64
srv_query_limit (SrvQuery *q)
{
  return q->limit;
}

gint64
srv_query_page (SrvQuery *q)
{
  return q->page;
}

gint64
srv_query_offset (SrvQuery *q)
{
  return q->offset;
}

JsonArray *
srv_query_ignored (SrvQuery *q)
{
  return q->ignored;
}
