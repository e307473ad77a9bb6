/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GListModel over a query on the local store that loads rows in windows as they are asked for, so
 * a list of 40,000 usages costs memory for the rows on screen, not for all of them. It follows the
 * store's "changed" signal: after a sync page or a queued change it says which items changed, as
 * the smallest range that differs (compared by each row's uuid and a fingerprint of its content),
 * and a row that stays keeps its SwcObject (updated in place): GTK then keeps its widget, so the
 * focus, the selection and the scroll position stay on the row someone was on. */
#define G_LOG_DOMAIN "swc-object-model"

#include "config.h"

#include "swc-object-model.h"
#include "swc-store-db.h"

#define WINDOW 200
#define MAX_WINDOWS 4

/* ---- one row ---- */

struct _SwcObject
{
  GObject parent_instance;

  char *uuid;
  char *schema;
  char *name;
  char *json;         /* the object as the store holds it */
  JsonObject *parsed; /* nullable: parsed on first use */
  gboolean pending;
  GHashTable *live; /* nullable, a ref: the model's uuid → SwcObject of the instances alive */
};

G_DEFINE_FINAL_TYPE (SwcObject, swc_object, G_TYPE_OBJECT)

static void
swc_object_finalize (GObject *object)
{
  SwcObject *self = SWC_OBJECT (object);

  if (self->live != NULL)
    {
      if (g_hash_table_lookup (self->live, self->uuid) == self)
        g_hash_table_remove (self->live, self->uuid);
      g_hash_table_unref (self->live);
    }
  g_free (self->uuid);
  g_free (self->schema);
  g_free (self->name);
  g_free (self->json);
  g_clear_pointer (&self->parsed, json_object_unref);
  G_OBJECT_CLASS (swc_object_parent_class)->finalize (object);
}

static void
swc_object_class_init (SwcObjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = swc_object_finalize;
}

static void
swc_object_init (SwcObject *self)
{
}

const char *
swc_object_get_uuid (SwcObject *self)
{
  g_return_val_if_fail (SWC_IS_OBJECT (self), NULL);

  return self->uuid;
}

const char *
swc_object_get_schema (SwcObject *self)
{
  g_return_val_if_fail (SWC_IS_OBJECT (self), NULL);

  return self->schema;
}

const char *
swc_object_get_name (SwcObject *self)
{
  g_return_val_if_fail (SWC_IS_OBJECT (self), NULL);

  return self->name;
}

gboolean
swc_object_get_pending (SwcObject *self)
{
  g_return_val_if_fail (SWC_IS_OBJECT (self), FALSE);

  return self->pending;
}

/* The object's JSON, parsed when first asked for. */
/* The object as the store holds it, as text: two rows with the same text show the same. */
const char *
swc_object_get_text (SwcObject *self)
{
  g_return_val_if_fail (SWC_IS_OBJECT (self), NULL);

  return self->json;
}

JsonObject *
swc_object_get_json (SwcObject *self)
{
  g_return_val_if_fail (SWC_IS_OBJECT (self), NULL);

  if (self->parsed == NULL)
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      if (self->json && json_parser_load_from_data (p, self->json, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
        self->parsed = json_object_ref (json_node_get_object (json_parser_get_root (p)));
      else
        self->parsed = json_object_new ();
    }
  return self->parsed;
}

/* A string property of the object (or of its @self with "@self." in front), or NULL. */
const char *
swc_object_get_string (SwcObject *self, const char *key)
{
  JsonObject *o;
  JsonNode *n;

  g_return_val_if_fail (SWC_IS_OBJECT (self), NULL);

  o = swc_object_get_json (self);
  if (g_str_has_prefix (key, "@self."))
    {
      n = json_object_get_member (o, "@self");
      if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
        return NULL;
      o = json_node_get_object (n);
      key += 6;
    }
  n = json_object_get_member (o, key);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

/* ---- the model ---- */

typedef struct
{
  guint first;
  GPtrArray *items; /* SwcObject */
} Window;

struct _SwcObjectModel
{
  GObject parent_instance;

  SwcStore *store; /* owned */
  char *schema;
  char *condition; /* nullable: an SQL condition written in the code, never from user input */
  char *order;
  char *match;      /* nullable: an FTS5 expression the rows must match (swc_store_fts_query) */
  char *name_match; /* nullable: the same words in the name alone: those rows come first */
  guint n_items;
  GQueue windows;   /* Window*, most recently used first */
  GHashTable *live; /* uuid → SwcObject (not owned): the rows alive, reused on a refresh */
  GArray *keys;     /* RowKey per row, in order: what the next refresh compares with */
  gulong changed_id;
  guint refresh_id;
};

static void swc_object_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SwcObjectModel, swc_object_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      swc_object_model_list_init))

typedef struct
{
  guint64 id;      /* a hash of the uuid */
  guint64 content; /* a hash of what the row holds (name, pending, version, updated, size) */
} RowKey;

static void
window_free (Window *w)
{
  g_ptr_array_unref (w->items);
  g_free (w);
}

static char *
query (SwcObjectModel *self, const char *select, const char *tail)
{
  return g_strdup_printf ("SELECT %s FROM objects WHERE schema = ?1 AND deleted = 0%s%s%s%s%s",
                          select, self->condition ? " AND (" : "",
                          self->condition ? self->condition : "", self->condition ? ")" : "",
                          self->match
                              ? " AND rowid IN (SELECT rowid FROM search WHERE search MATCH ?2)"
                              : "",
                          tail ? tail : "");
}

static sqlite3_stmt *
prepare_query (SwcObjectModel *self, const char *sql)
{
  sqlite3_stmt *s = NULL;

  if (sqlite3_prepare_v2 (swc_store_get_db (self->store), sql, -1, &s, NULL) != SQLITE_OK)
    {
      g_warning ("object model query failed: %s", sqlite3_errmsg (swc_store_get_db (self->store)));
      return NULL;
    }
  sqlite3_bind_text (s, 1, self->schema, -1, SQLITE_STATIC);
  if (self->match)
    sqlite3_bind_text (s, 2, self->match, -1, SQLITE_STATIC);
  if (self->name_match && sqlite3_bind_parameter_count (s) >= 3)
    sqlite3_bind_text (s, 3, self->name_match, -1, SQLITE_STATIC);
  return s;
}

static void
set_text (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* The row's SwcObject: the one already alive for its uuid (brought up to date), or a new one. */
static SwcObject *
row_object (SwcObjectModel *self, sqlite3_stmt *s)
{
  const char *uuid = (const char *) sqlite3_column_text (s, 0);
  const char *json = (const char *) sqlite3_column_text (s, 4);
  SwcObject *o = g_hash_table_lookup (self->live, uuid);

  if (o != NULL)
    g_object_ref (o);
  else
    {
      o = g_object_new (SWC_TYPE_OBJECT, NULL);
      o->uuid = g_strdup (uuid);
      o->live = g_hash_table_ref (self->live);
      g_hash_table_insert (self->live, o->uuid, o);
    }
  if (g_strcmp0 (o->json, json) != 0)
    {
      g_clear_pointer (&o->parsed, json_object_unref);
      set_text (&o->json, json);
    }
  set_text (&o->schema, (const char *) sqlite3_column_text (s, 1));
  set_text (&o->name, (const char *) sqlite3_column_text (s, 2));
  o->pending = sqlite3_column_int (s, 3) > 0;
  return o;
}

/* The rows' order: a search lists the rows whose name has the words before those that have them in
 * their other text. The windows and the refresh's keys are read in this one order. */
static char *
order_by (SwcObjectModel *self)
{
  return g_strdup_printf (" ORDER BY %s%s",
                          self->name_match
                              ? "rowid IN (SELECT rowid FROM search WHERE search MATCH ?3) DESC, "
                              : "",
                          self->order);
}

static Window *
load_window (SwcObjectModel *self, guint first)
{
  g_autofree char *order = order_by (self);
  g_autofree char *tail = g_strdup_printf ("%s LIMIT %d OFFSET %u", order, WINDOW, first);
  g_autofree char *sql = query (self, "uuid, schema, name, pending, json", tail);
  Window *w = g_new0 (Window, 1);
  sqlite3_stmt *s = prepare_query (self, sql);

  w->first = first;
  w->items = g_ptr_array_new_with_free_func (g_object_unref);
  if (s == NULL)
    return w;
  while (sqlite3_step (s) == SQLITE_ROW)
    g_ptr_array_add (w->items, row_object (self, s));
  sqlite3_finalize (s);
  return w;
}

static GType
swc_object_model_get_item_type (GListModel *list)
{
  return SWC_TYPE_OBJECT;
}

static guint
swc_object_model_get_n_items (GListModel *list)
{
  return SWC_OBJECT_MODEL (list)->n_items;
}

static gpointer
swc_object_model_get_item (GListModel *list, guint position)
{
  SwcObjectModel *self = SWC_OBJECT_MODEL (list);
  guint first = position / WINDOW * WINDOW;
  Window *w = NULL;

  if (position >= self->n_items)
    return NULL;
  for (GList *l = self->windows.head; l; l = l->next)
    if (((Window *) l->data)->first == first)
      {
        w = l->data;
        g_queue_unlink (&self->windows, l);
        g_queue_push_head_link (&self->windows, l);
        break;
      }
  if (w == NULL)
    {
      w = load_window (self, first);
      g_queue_push_head (&self->windows, w);
      while (self->windows.length > MAX_WINDOWS)
        window_free (g_queue_pop_tail (&self->windows));
    }
  if (position - first >= w->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (w->items, position - first));
}

static void
swc_object_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = swc_object_model_get_item_type;
  iface->get_n_items = swc_object_model_get_n_items;
  iface->get_item = swc_object_model_get_item;
}

#define REFRESH_MS 150

#define FNV_PRIME G_GUINT64_CONSTANT (1099511628211)
#define FNV_OFFSET G_GUINT64_CONSTANT (14695981039346656037)

static guint64
hash64 (const char *text, guint64 h)
{
  for (const guchar *p = (const guchar *) (text ? text : ""); *p; p++)
    h = (h ^ *p) * FNV_PRIME;
  return (h ^ 0xff) * FNV_PRIME;
}

/* Every row's uuid and content fingerprint, in order: 16 bytes a row. */
static GArray *
read_keys (SwcObjectModel *self)
{
  g_autofree char *tail = order_by (self);
  g_autofree char *sql = query (self, "uuid, name, pending, version, updated, length(json)", tail);
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (RowKey));
  sqlite3_stmt *s = prepare_query (self, sql);

  if (s == NULL)
    return keys;
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      RowKey k;
      k.id = hash64 ((const char *) sqlite3_column_text (s, 0), FNV_OFFSET);
      k.content = k.id;
      for (int c = 1; c <= 5; c++)
        k.content = hash64 ((const char *) sqlite3_column_text (s, c), k.content);
      g_array_append_val (keys, k);
    }
  sqlite3_finalize (s);
  return keys;
}

static gboolean
same_key (GArray *a, guint i, GArray *b, guint j)
{
  RowKey *x = &g_array_index (a, RowKey, i), *y = &g_array_index (b, RowKey, j);

  return x->id == y->id && x->content == y->content;
}

/* The rows are read again; only the range between the rows unchanged at the start and at the end
 * is said to have changed (a removed row: one item removed). */
static gboolean
refresh_cb (gpointer data)
{
  SwcObjectModel *self = data;
  g_autoptr(GArray) old = self->keys;
  GArray *now = read_keys (self);
  guint head = 0, tail = 0;

  self->refresh_id = 0;
  self->keys = now;
  g_queue_clear_full (&self->windows, (GDestroyNotify) window_free);
  self->n_items = now->len;
  while (head < old->len && head < now->len && same_key (old, head, now, head))
    head++;
  while (tail < old->len - head && tail < now->len - head &&
         same_key (old, old->len - 1 - tail, now, now->len - 1 - tail))
    tail++;
  if (head + tail < MAX (old->len, now->len))
    g_list_model_items_changed (G_LIST_MODEL (self), head, old->len - head - tail,
                                now->len - head - tail);
  return G_SOURCE_REMOVE;
}

/* Bursts of changes (a sync applies many pages) become one refresh. */
static void
store_changed_cb (SwcStore *store, const char *schema, gpointer data)
{
  SwcObjectModel *self = data;

  if (schema != NULL && g_strcmp0 (schema, self->schema) != 0)
    return;
  /* a short wait, so that a queue sending hundreds of changes refreshes the list a few times a
   * second, not once per change */
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
}

static void
swc_object_model_dispose (GObject *object)
{
  SwcObjectModel *self = SWC_OBJECT_MODEL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->store);
  g_queue_clear_full (&self->windows, (GDestroyNotify) window_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (swc_object_model_parent_class)->dispose (object);
}

static void
swc_object_model_finalize (GObject *object)
{
  SwcObjectModel *self = SWC_OBJECT_MODEL (object);

  g_free (self->schema);
  g_free (self->condition);
  g_free (self->order);
  g_free (self->match);
  g_free (self->name_match);
  g_clear_pointer (&self->keys, g_array_unref);
  g_hash_table_unref (self->live);
  G_OBJECT_CLASS (swc_object_model_parent_class)->finalize (object);
}

static void
swc_object_model_class_init (SwcObjectModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = swc_object_model_dispose;
  G_OBJECT_CLASS (klass)->finalize = swc_object_model_finalize;
}

static void
swc_object_model_init (SwcObjectModel *self)
{
  g_queue_init (&self->windows);
  self->live = g_hash_table_new (g_str_hash, g_str_equal);
}

/* The records a question asks for (swc-catalogue.h), in its order. */
SwcObjectModel *
swc_object_model_new (SwcStore *store, const SwcQuery *query)
{
  SwcObjectModel *self = g_object_new (SWC_TYPE_OBJECT_MODEL, NULL);
  g_autofree char *order = NULL;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->schema = g_strdup (swc_kind_slug (query->kind));
  _swc_query_sql (query, &self->condition, &order);
  self->order = g_strdup_printf ("%s, rowid", order);
  self->keys = read_keys (self);
  self->n_items = self->keys->len;
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  return self;
}

/* Only the rows whose name or text has every word of text (diacritics folded); NULL or "" shows
 * all. */
void
swc_object_model_set_search (SwcObjectModel *self, const char *text)
{
  g_autofree char *match = text ? swc_store_fts_query (text) : NULL;

  g_return_if_fail (SWC_IS_OBJECT_MODEL (self));

  if (match != NULL && *match == '\0')
    g_clear_pointer (&match, g_free);
  if (g_strcmp0 (match, self->match) == 0)
    return;
  g_free (self->match);
  g_free (self->name_match);
  self->name_match = match ? g_strdup_printf ("name : (%s)", match) : NULL;
  self->match = g_steal_pointer (&match);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  refresh_cb (self);
}

/* Asks another question of the same kind (a page's filters changed); the order stays. */
void
swc_object_model_set_query (SwcObjectModel *self, const SwcQuery *query)
{
  g_autofree char *condition = NULL, *order = NULL;

  g_return_if_fail (g_strcmp0 (swc_kind_slug (query->kind), self->schema) == 0);
  _swc_query_sql (query, &condition, &order);
  if (g_strcmp0 (condition, self->condition) == 0)
    return;
  g_free (self->condition);
  self->condition = g_steal_pointer (&condition);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  refresh_cb (self);
}

/* Rows held in memory now (for tests and diagnostics). */
guint
swc_object_model_get_cached_rows (SwcObjectModel *self)
{
  guint n = 0;

  g_return_val_if_fail (SWC_IS_OBJECT_MODEL (self), 0);

  for (GList *l = self->windows.head; l; l = l->next)
    n += ((Window *) l->data)->items->len;
  return n;
}
