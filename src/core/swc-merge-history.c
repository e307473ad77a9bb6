/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The merge history, its reports, and reversal from the journal: the backend's trash restore and
 * revert do not work for catalogue objects, so a reversal creates each source again with its own id
 * and its old fields, points back exactly the references the merge moved, and sets the target's
 * fields back. What changed since the merge is shown and left alone, never overwritten. */
#define G_LOG_DOMAIN "swc-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-error.h"
#include "swc-merge-private.h"
#include "swc-queue-private.h"
#include "swc-db.h"

static char *
col (sqlite3_stmt *s, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

/* ---- the history ---- */

#define RECORD_SQL                                                                                 \
  "SELECT m.id, m.schema, m.created, m.reason, m.target, m.target_name, m.reversal_from,"          \
  " (SELECT COUNT(*) FROM merge_steps s WHERE s.merge = m.id),"                                    \
  " (SELECT COUNT(*) FROM merge_steps s JOIN queue q ON q.id = s.queue_id WHERE s.merge = m.id"    \
  " AND q.state = 'done'),"                                                                        \
  " (SELECT q.error FROM queue q WHERE (q.id = m.create_id OR q.id IN (SELECT queue_id FROM"       \
  " merge_steps s"                                                                                 \
  "   WHERE s.merge = m.id)) AND q.state IN ('failed', 'conflict', 'discarded') ORDER BY q.id"     \
  " LIMIT 1),"                                                                                     \
  " (SELECT COUNT(*) FROM queue q WHERE (q.id = m.create_id OR q.id IN (SELECT queue_id FROM"      \
  " merge_steps s"                                                                                 \
  "   WHERE s.merge = m.id)) AND q.state IN ('failed', 'conflict', 'discarded')),"                 \
  " (SELECT group_concat (source_name, char (31)) FROM (SELECT source_name FROM merge_steps s"     \
  " WHERE s.merge = m.id"                                                                          \
  "   ORDER BY seq)),"                                                                             \
  " (SELECT SUM (COALESCE (json_extract (report, '$.statistics.referencesUpdated'),"               \
  "   json_array_length (refs_before))) FROM merge_steps s WHERE s.merge = m.id),"                 \
  " (SELECT COUNT(*) FROM queue q WHERE q.id BETWEEN m.reversal_from AND m.reversal_to"            \
  "   AND q.state IN ('held', 'pending', 'sending'))"                                              \
  " FROM merges m"

static SwcMergeRecord *
read_record (sqlite3_stmt *s)
{
  SwcMergeRecord *r = g_new0 (SwcMergeRecord, 1);
  gint failed;

  r->id = sqlite3_column_int64 (s, 0);
  r->schema = col (s, 1);
  r->created = col (s, 2);
  r->reason = col (s, 3);
  r->target = col (s, 4);
  r->target_name = col (s, 5);
  r->steps = sqlite3_column_int (s, 7);
  r->steps_done = sqlite3_column_int (s, 8);
  r->error = col (s, 9);
  failed = sqlite3_column_int (s, 10);
  r->source_names =
      g_strsplit (sqlite3_column_text (s, 11) ? (const char *) sqlite3_column_text (s, 11) : "",
                  "\x1f", -1);
  r->references = sqlite3_column_int64 (s, 12);
  if (sqlite3_column_type (s, 6) != SQLITE_NULL)
    r->state = sqlite3_column_int (s, 13) > 0 ? SWC_MERGE_REVERSING : SWC_MERGE_REVERSED;
  else if (failed > 0)
    r->state = SWC_MERGE_FAILED;
  else
    r->state = r->steps_done == r->steps ? SWC_MERGE_DONE : SWC_MERGE_RUNNING;
  return r;
}

/* Newest first; schema NULL: every kind. */
GPtrArray *
swc_merge_history (SwcStore *store, const char *schema)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_merge_record_free);
  sqlite3_stmt *s = NULL;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  s = swc_db_prepare (swc_store_get_db (store),
                      RECORD_SQL " WHERE ?1 IS NULL OR m.schema = ?1 ORDER BY m.id DESC");
  sqlite3_bind_text (s, 1, schema, -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_ptr_array_add (list, read_record (s));
  sqlite3_finalize (s);
  return list;
}

SwcMergeRecord *
swc_merge_record_get (SwcStore *store, gint64 id)
{
  SwcMergeRecord *r = NULL;
  sqlite3_stmt *s = NULL;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  s = swc_db_prepare (swc_store_get_db (store), RECORD_SQL " WHERE m.id = ?");
  sqlite3_bind_int64 (s, 1, id);
  if (sqlite3_step (s) == SQLITE_ROW)
    r = read_record (s);
  sqlite3_finalize (s);
  return r;
}

void
swc_merge_record_free (SwcMergeRecord *r)
{
  g_free (r->schema);
  g_free (r->created);
  g_free (r->reason);
  g_free (r->target);
  g_free (r->target_name);
  g_strfreev (r->source_names);
  g_free (r->error);
  g_free (r);
}

static void
count_kind (GHashTable *kinds, SwcSchemaSet *schemas, const char *schema, const char *property)
{
  char *key = swc_merge_kind_label (schemas, schema, property);

  g_hash_table_insert (kinds, key,
                       GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (kinds, key)) + 1));
}

/* "Gebruik · Afnemer" -> count: the kinds of reference the server's report says it moved; a report
 * without them (the 2026 backend's own merge) by the journal's references, re-pointed by the
 * client. */
static GHashTable *
moved_kinds (SwcSchemaSet *schemas, JsonArray *refs, JsonArray *refs_before)
{
  GHashTable *kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; refs == NULL && refs_before && i < json_array_get_length (refs_before); i++)
    {
      JsonObject *e = json_array_get_object_element (refs_before, i);
      JsonObject *before =
          json_object_has_member (e, "before") ? json_object_get_object_member (e, "before") : NULL;
      GList *props = before ? json_object_get_members (before) : NULL;
      for (GList *l = props; l; l = l->next)
        count_kind (kinds, schemas, json_object_get_string_member_with_default (e, "schema", "?"),
                    l->data);
      g_list_free (props);
    }
  for (guint i = 0; refs && i < json_array_get_length (refs); i++)
    {
      JsonObject *e = json_array_get_object_element (refs, i);
      JsonArray *p = json_object_has_member (e, "properties")
                         ? json_object_get_array_member (e, "properties")
                         : NULL;
      for (guint j = 0; p && j < json_array_get_length (p); j++)
        count_kind (kinds, schemas, json_object_get_string_member_with_default (e, "schema", "?"),
                    json_array_get_string_element (p, j));
    }
  return kinds;
}

/* What each step's report says, as lines a person reads: moved references per kind ("Pakketten ·
 * Aanbieder 6"), fields set, warnings. */
static void
describe_step (GString *out, SwcSchemaSet *schemas, const char *schema, const char *name,
               JsonObject *report, JsonArray *refs_before)
{
  JsonObject *actions = report && json_object_has_member (report, "actions")
                            ? json_object_get_object_member (report, "actions")
                            : NULL;
  JsonArray *refs = actions && json_object_has_member (actions, "references")
                        ? json_object_get_array_member (actions, "references")
                        : NULL;
  JsonArray *props = actions && json_object_has_member (actions, "properties")
                         ? json_object_get_array_member (actions, "properties")
                         : NULL;
  JsonArray *warnings = report && json_object_has_member (report, "warnings")
                            ? json_object_get_array_member (report, "warnings")
                            : NULL;
  g_autoptr(GHashTable) kinds = moved_kinds (schemas, refs, refs_before);
  g_autoptr(GList) keys = NULL;
  guint n =
      refs ? json_array_get_length (refs) : (refs_before ? json_array_get_length (refs_before) : 0);

  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE, "%s: %u reference moved",
                                       "%s: %u references moved", n),
                          name, n);
  keys = g_list_sort (g_hash_table_get_keys (kinds), (GCompareFunc) g_utf8_collate);
  for (GList *l = keys; l; l = l->next)
    g_string_append_printf (out, "%s%s %d", l == keys ? " (" : ", ", (char *) l->data,
                            GPOINTER_TO_INT (g_hash_table_lookup (kinds, l->data)));
  g_string_append (out, keys ? ")\n" : "\n");
  if (props && json_array_get_length (props) > 0)
    {
      g_string_append_printf (out, "  %s", _("Fields set:"));
      for (guint i = 0; i < json_array_get_length (props); i++)
        g_string_append_printf (out, "%s %s", i ? "," : "",
                                swc_merge_field_label (schemas, schema,
                                                       json_object_get_string_member_with_default (
                                                           json_array_get_object_element (props, i),
                                                           "property", "?")));
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; warnings && i < json_array_get_length (warnings); i++)
    {
      JsonNode *w = json_array_get_element (warnings, i);
      g_string_append_printf (out, "  %s %s\n", _("Warning:"),
                              JSON_NODE_HOLDS_VALUE (w) ? json_node_get_string (w) : "?");
    }
}

char *
swc_merge_report_text (SwcStore *store, gint64 id)
{
  g_autoptr(SwcMergeRecord) r = NULL;
  g_autoptr(SwcSchemaSet) schemas = NULL;
  GString *out;
  sqlite3_stmt *s = NULL;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  r = swc_merge_record_get (store, id);
  if (r == NULL)
    return NULL;
  schemas =
      swc_store_load_schemas (store, NULL); /* the labels; without them the properties' names */
  out = g_string_new (NULL);
  g_string_append_printf (out, _("Merged into %s: %s\n"), r->target_name, r->reason);
  s = swc_db_prepare (
      swc_store_get_db (store),
      "SELECT s.source_name, s.report, s.refs_before, q.state, q.error"
      " FROM merge_steps s JOIN queue q ON q.id = s.queue_id WHERE s.merge = ? ORDER BY s.seq");
  sqlite3_bind_int64 (s, 1, id);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (s, 0);
      SwcChangeState state =
          swc_change_state_from_string ((const char *) sqlite3_column_text (s, 3));
      g_autoptr(JsonObject) report =
          _swc_merge_parse_object ((const char *) sqlite3_column_text (s, 1));
      g_autoptr(JsonNode) before = _swc_merge_parse ((const char *) sqlite3_column_text (s, 2));
      if (state == SWC_CHANGE_STATE_DONE)
        describe_step (out, schemas, r->schema, name, report,
                       before && JSON_NODE_HOLDS_ARRAY (before) ? json_node_get_array (before)
                                                                : NULL);
      else if (sqlite3_column_text (s, 4))
        g_string_append_printf (out, _("%s: not merged: %s\n"), name,
                                (const char *) sqlite3_column_text (s, 4));
      else
        g_string_append_printf (out, _("%s: waiting\n"), name);
    }
  sqlite3_finalize (s);
  return g_string_free (out, FALSE);
}

/* ---- reversal ---- */

typedef struct
{
  char *source;
  char *name;
  JsonObject *source_before;
  JsonArray *refs_before;
  gboolean tombstone;   /* the backend's app merged it: the source is a tombstone to revive */
  gint64 group_members; /* user accounts the app moved to the target's group */
} Step;

static void
step_free (Step *st)
{
  g_free (st->source);
  g_free (st->name);
  g_clear_pointer (&st->source_before, json_object_unref);
  g_clear_pointer (&st->refs_before, json_array_unref);
  g_free (st);
}

typedef struct
{
  char *schema;
  char *target;
  char *target_name;
  gboolean new_target;
  JsonObject *result;
  JsonObject *target_before;
  GPtrArray *steps; /* Step*: the confirmed ones, in order */
} Journal;

static void
journal_free (Journal *j)
{
  g_free (j->schema);
  g_free (j->target);
  g_free (j->target_name);
  g_clear_pointer (&j->result, json_object_unref);
  g_clear_pointer (&j->target_before, json_object_unref);
  g_ptr_array_unref (j->steps);
  g_free (j);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Journal, journal_free)

/* A step the backend's app carried out (swc-merge-app.c): what its answer says about it. */
static void
read_app_report (Step *st, const char *text)
{
  g_autoptr(JsonObject) report = _swc_merge_parse_object (text);
  JsonNode *counts = report ? json_object_get_member (report, "counts") : NULL;

  st->tombstone =
      report != NULL && json_object_get_boolean_member_with_default (report, "tombstone", FALSE);
  if (counts && JSON_NODE_HOLDS_OBJECT (counts))
    st->group_members =
        json_object_get_int_member_with_default (json_node_get_object (counts), "groupMembers", 0);
}

static Journal *
journal_load (SwcStore *store, gint64 id, GError **error)
{
  g_autoptr(SwcMergeRecord) r = swc_merge_record_get (store, id);
  sqlite3 *db = swc_store_get_db (store);
  sqlite3_stmt *s = NULL;
  Journal *j;

  if (r == NULL || r->state == SWC_MERGE_REVERSED || r->state == SWC_MERGE_REVERSING ||
      r->state == SWC_MERGE_RUNNING)
    {
      g_set_error_literal (error, SWC_ERROR, r ? SWC_ERROR_CONFLICT : SWC_ERROR_NOT_FOUND,
                           r == NULL ? _("This merge is not in the history")
                           : r->state == SWC_MERGE_RUNNING
                               ? _("This merge is still being carried out; wait until it is done")
                               : _("This merge has been undone already"));
      return NULL;
    }
  j = g_new0 (Journal, 1);
  j->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  s = swc_db_prepare (
      db, "SELECT schema, target, target_name, new_target, result, target_before FROM merges WHERE"
          " id = ?");
  sqlite3_bind_int64 (s, 1, id);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      j->schema = col (s, 0);
      j->target = col (s, 1);
      j->target_name = col (s, 2);
      j->new_target = sqlite3_column_int (s, 3);
      j->result = _swc_merge_parse_object ((const char *) sqlite3_column_text (s, 4));
      j->target_before = _swc_merge_parse_object ((const char *) sqlite3_column_text (s, 5));
    }
  sqlite3_finalize (s);
  s = swc_db_prepare (
      db,
      "SELECT s.source, s.source_name, s.source_before, s.refs_before, s.report FROM merge_steps s"
      " JOIN queue q ON q.id = s.queue_id WHERE s.merge = ? AND q.state = 'done' ORDER BY s.seq");
  sqlite3_bind_int64 (s, 1, id);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      Step *st = g_new0 (Step, 1);
      g_autoptr(JsonNode) refs = _swc_merge_parse ((const char *) sqlite3_column_text (s, 3));
      st->source = col (s, 0);
      st->name = col (s, 1);
      st->source_before = _swc_merge_parse_object ((const char *) sqlite3_column_text (s, 2));
      st->refs_before = refs && JSON_NODE_HOLDS_ARRAY (refs)
                            ? json_array_ref (json_node_get_array (refs))
                            : json_array_new ();
      read_app_report (st, (const char *) sqlite3_column_text (s, 4));
      g_ptr_array_add (j->steps, st);
    }
  sqlite3_finalize (s);
  return j;
}

/* The value that points back at the source: a single reference becomes the source again; in a list
 * the target is replaced by the source, unless the list held both before the merge (then the source
 * returns). */
static JsonNode *
pointed_back (JsonNode *current, JsonNode *before, const char *source, const char *target)
{
  g_autoptr(JsonObject) tmp = json_object_new ();
  JsonArray *a;
  JsonNode *node;

  if (current == NULL || !JSON_NODE_HOLDS_ARRAY (current))
    return json_node_init_string (json_node_alloc (), source);
  if (!_swc_merge_points_at (before, target))
    {
      json_object_set_member (tmp, "v", json_node_copy (current));
      _swc_merge_replace_ref (tmp, "v", target, source);
      return json_node_copy (json_object_get_member (tmp, "v"));
    }
  a = json_array_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (current)); i++)
    json_array_add_element (a, json_node_copy (
                                   json_array_get_element (json_node_get_array (current), i)));
  if (!_swc_merge_points_at (current, source))
    json_array_add_string_element (a, source);
  node = json_node_init_array (json_node_alloc (), a); /* takes its own reference */
  json_array_unref (a);
  return node;
}

typedef void (*RefFunc) (SwcStore *store, const char *uuid, const char *schema,
                         const char *property, JsonNode *current, JsonNode *before,
                         const char *source, gpointer data);

/* Calls func for every journalled reference that still points at the target; problems for the
 * others. */
static void
walk_references (SwcStore *store, SwcSchemaSet *schemas, Journal *j, Step *st, GPtrArray *problems,
                 RefFunc func, gpointer data)
{
  for (guint i = 0; i < json_array_get_length (st->refs_before); i++)
    {
      JsonObject *e = json_array_get_object_element (st->refs_before, i);
      const char *uuid = json_object_get_string_member_with_default (e, "uuid", "");
      JsonObject *before = json_object_get_object_member (e, "before");
      g_autoptr(JsonObject) view = swc_store_object (store, uuid);
      const char *schema = json_object_get_string_member_with_default (e, "schema", "");
      g_autofree char *name = problems ? swc_merge_object_name (store, schemas, uuid) : NULL;
      GList *props = before ? json_object_get_members (before) : NULL;

      for (GList *l = props; l; l = l->next)
        {
          JsonNode *current = view ? json_object_get_member (view, l->data) : NULL;
          if (view == NULL)
            {
              if (problems)
                g_ptr_array_add (problems, g_strdup_printf (_("%s no longer exists"), name));
              break;
            }
          if (!_swc_merge_points_at (current, j->target))
            {
              if (problems)
                g_ptr_array_add (problems,
                                 g_strdup_printf (_("%s: %s no longer points at %s"), name,
                                                  swc_merge_field_label (schemas, schema, l->data),
                                                  j->target_name));
              continue;
            }
          func (store, uuid, schema, l->data, current, json_object_get_member (before, l->data),
                st->source, data);
        }
      g_list_free (props);
    }
}

static void
count_move (SwcStore *store, const char *uuid, const char *schema, const char *property,
            JsonNode *current, JsonNode *before, const char *source, gpointer data)
{
  GPtrArray *moves = data;
  g_autofree char *name = swc_merge_object_name (store, NULL, uuid);
  SwcMergeMove *move = NULL;

  for (guint i = 0; i < moves->len && move == NULL; i++)
    {
      SwcMergeMove *m = g_ptr_array_index (moves, i);
      if (g_str_equal (m->schema, schema) && g_str_equal (m->property, property))
        move = m;
    }
  if (move == NULL)
    {
      move = _swc_merge_move_new (schema, property);
      g_ptr_array_add (moves, move);
    }
  move->references++;
  _swc_merge_move_add (move, uuid, name);
}

/* The target's fields the merge changed and nobody changed since: field -> value before the merge.
 */
static JsonObject *
target_restore (SwcStore *store, Journal *j, GPtrArray *problems)
{
  g_autoptr(JsonObject) view = swc_store_object (store, j->target);
  JsonObject *restore = json_object_new ();
  GList *fields = j->result ? json_object_get_members (j->result) : NULL;

  for (GList *l = fields; view && j->target_before && l; l = l->next)
    {
      JsonNode *was = json_object_get_member (j->target_before, l->data);
      JsonNode *merged = json_object_get_member (j->result, l->data);
      if (_swc_merge_values_equal (was, merged))
        continue;
      if (!_swc_merge_values_equal (json_object_get_member (view, l->data), merged))
        {
          if (problems)
            g_ptr_array_add (problems,
                             g_strdup_printf (_("%s: the field %s has changed since the merge"),
                                              j->target_name,
                                              swc_labels_property (j->schema, l->data, NULL)));
          continue;
        }
      json_object_set_member (restore, l->data,
                              was ? json_node_copy (was) : json_node_new (JSON_NODE_NULL));
    }
  g_list_free (fields);
  return restore;
}

SwcMergeReversal *
swc_merge_reversal_new (SwcStore *store, SwcSchemaSet *schemas, gint64 id, GError **error)
{
  g_autoptr(Journal) j = NULL;
  SwcMergeReversal *r;
  g_autoptr(JsonObject) restore = NULL;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);
  g_return_val_if_fail (schemas != NULL, NULL);

  j = journal_load (store, id, error);
  if (j == NULL)
    return NULL;
  r = g_new0 (SwcMergeReversal, 1);
  r->moves = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_merge_move_free);
  r->target_fields = g_ptr_array_new_with_free_func (g_free);
  r->problems = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < j->steps->len; i++)
    {
      Step *st = g_ptr_array_index (j->steps, i);
      if (st->source_before)
        r->recreate++;
      else
        g_ptr_array_add (
            r->problems,
            g_strdup_printf (_("%s cannot be created again: its earlier state is unknown"),
                             st->name));
      if (st->group_members > 0)
        g_ptr_array_add (
            r->problems,
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The server moved %lld user account of %s to %s; "
                                          "it stays there: move it back in step 1.4",
                                          "The server moved %lld user accounts of %s to %s; "
                                          "they stay there: move them back in step 1.4",
                                          st->group_members),
                             (long long) st->group_members, st->name, j->target_name));
      walk_references (store, schemas, j, st, r->problems, count_move, r->moves);
    }
  restore = target_restore (store, j, r->problems);
  {
    GList *fields = json_object_get_members (restore);
    for (GList *l = fields; l; l = l->next)
      g_ptr_array_add (r->target_fields, g_strdup (l->data));
    g_list_free (fields);
  }
  r->delete_target = j->new_target;
  return r;
}

void
swc_merge_reversal_free (SwcMergeReversal *r)
{
  g_ptr_array_unref (r->moves);
  g_ptr_array_unref (r->target_fields);
  g_ptr_array_unref (r->problems);
  g_free (r);
}

typedef struct
{
  SwcQueue *queue;
  const char *target;
  GHashTable *patches; /* uuid -> JsonObject* changes */
  GHashTable *bases;   /* uuid -> JsonObject* the values they replace */
  GHashTable *schemas; /* uuid -> schema */
} Back;

static void
collect_patch (SwcStore *store, const char *uuid, const char *schema, const char *property,
               JsonNode *current, JsonNode *before, const char *source, gpointer data)
{
  Back *b = data;
  JsonObject *changes = g_hash_table_lookup (b->patches, uuid);

  if (changes == NULL)
    {
      changes = json_object_new ();
      g_hash_table_insert (b->patches, g_strdup (uuid), changes);
      g_hash_table_insert (b->bases, g_strdup (uuid), json_object_new ());
      g_hash_table_insert (b->schemas, g_strdup (uuid), g_strdup (schema));
    }
  json_object_set_member (g_hash_table_lookup (b->bases, uuid), property, json_node_copy (current));
  json_object_set_member (changes, property, pointed_back (current, before, source, b->target));
}

static gboolean
queue_patches (Back *b, const char *label, GError **error)
{
  GHashTableIter iter;
  gpointer uuid, changes;

  g_hash_table_iter_init (&iter, b->patches);
  while (g_hash_table_iter_next (&iter, &uuid, &changes))
    if (_swc_queue_insert (b->queue, SWC_CHANGE_KIND_PATCH, g_hash_table_lookup (b->schemas, uuid),
                           uuid, changes, g_hash_table_lookup (b->bases, uuid), NULL, NULL, 0,
                           label, error) == 0)
      return FALSE;
  g_hash_table_remove_all (b->patches);
  g_hash_table_remove_all (b->bases);
  g_hash_table_remove_all (b->schemas);
  return TRUE;
}

static gboolean
queue_recreate (SwcQueue *queue, Journal *j, Step *st, GError **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *label = g_strdup_printf (_("Create %s again (undo a merge)"), st->name);
  GList *members = json_object_get_members (st->source_before);

  for (GList *l = members; l; l = l->next)
    if (!g_str_equal (l->data, "@self"))
      json_object_set_member (object, l->data,
                              json_node_copy (json_object_get_member (st->source_before, l->data)));
  g_list_free (members);
  json_object_set_string_member (object, "id", st->source);
  return _swc_queue_insert (queue, SWC_CHANGE_KIND_CREATE, j->schema, st->source, object, NULL,
                            NULL, NULL, 0, label, error) != 0;
}

/* A tombstone the backend's app left: its status back, mergedInto cleared (the app has no undo of
 * its own). */
static gboolean
queue_revive (SwcQueue *queue, Journal *j, Step *st, GError **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autofree char *label = g_strdup_printf (_("Bring %s back (undo a merge)"), st->name);
  const char *status = swc_field_key (SWC_FIELD_STATUS),
             *into = swc_field_key (SWC_FIELD_MERGED_INTO);
  JsonNode *was = json_object_get_member (st->source_before, status);

  json_object_set_member (payload, status,
                          was ? json_node_copy (was) : json_node_new (JSON_NODE_NULL));
  json_object_set_null_member (payload, into);
  json_object_set_string_member (base, status, swc_org_status_value (SWC_ORG_STATUS_MERGED));
  json_object_set_string_member (base, into, j->target);
  return _swc_queue_insert (queue, SWC_CHANGE_KIND_PATCH, j->schema, st->source, payload, base,
                            NULL, NULL, 0, label, error) != 0;
}

static gboolean
queue_reversal (SwcStore *store, SwcQueue *queue, Journal *j, GError **error)
{
  g_autofree char *label = g_strdup_printf (_("Undo the merge into %s"), j->target_name);
  Back b = {
    queue, j->target,
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref),
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref),
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free)
  };
  g_autoptr(JsonObject) restore = NULL;
  gboolean ok = TRUE;

  /* backwards: each step's references as the later steps left them */
  for (guint i = j->steps->len; ok && i > 0; i--)
    {
      Step *st = g_ptr_array_index (j->steps, i - 1);
      ok = (st->source_before == NULL || (st->tombstone ? queue_revive (queue, j, st, error)
                                                        : queue_recreate (queue, j, st, error)));
      if (ok)
        walk_references (store, NULL, j, st, NULL, collect_patch, &b);
      ok = ok && queue_patches (&b, label, error);
    }
  restore = ok ? target_restore (store, j, NULL) : NULL;
  if (ok && !j->new_target && json_object_get_size (restore) > 0)
    {
      g_autoptr(JsonObject) view = swc_store_object (store, j->target);
      g_autoptr(JsonObject) base = json_object_new ();
      GList *fields = json_object_get_members (restore);
      for (GList *l = fields; l; l = l->next)
        {
          JsonNode *v = view ? json_object_get_member (view, l->data) : NULL;
          json_object_set_member (base, l->data,
                                  v ? json_node_copy (v) : json_node_new (JSON_NODE_NULL));
        }
      g_list_free (fields);
      ok = _swc_queue_insert (queue, SWC_CHANGE_KIND_PATCH, j->schema, j->target, restore, base,
                              NULL, NULL, 0, label, error) != 0;
    }
  if (ok && j->new_target)
    ok = _swc_queue_insert (queue, SWC_CHANGE_KIND_DELETE, j->schema, j->target, NULL, NULL, NULL,
                            NULL, 0, label, error) != 0;
  g_hash_table_unref (b.patches);
  g_hash_table_unref (b.bases);
  g_hash_table_unref (b.schemas);
  return ok;
}

gboolean
swc_merge_reverse (SwcStore *store, SwcQueue *queue, gint64 id, GError **error)
{
  sqlite3 *db;
  g_autoptr(Journal) j = NULL;
  sqlite3_stmt *s;
  gint64 first;
  gboolean ok;

  g_return_val_if_fail (SWC_IS_STORE (store), FALSE);
  g_return_val_if_fail (SWC_IS_QUEUE (queue), FALSE);

  db = swc_store_get_db (store);
  j = journal_load (store, id, error);
  if (j == NULL)
    return FALSE;
  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The local store is busy: %s"),
                   sqlite3_errmsg (db));
      return FALSE;
    }
  _swc_queue_batch (queue, TRUE);
  s = NULL;
  s = swc_db_prepare (db, "SELECT COALESCE (MAX (id), 0) + 1 FROM queue");
  sqlite3_step (s);
  first = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  ok = queue_reversal (store, queue, j, error);
  if (ok)
    {
      s = swc_db_prepare (
          db,
          "UPDATE merges SET reversal_from = ?, reversal_to = (SELECT MAX (id) FROM queue) WHERE"
          " id = ?");
      sqlite3_bind_int64 (s, 1, first);
      sqlite3_bind_int64 (s, 2, id);
      ok = sqlite3_step (s) == SQLITE_DONE;
      sqlite3_finalize (s);
    }
  sqlite3_exec (db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  _swc_queue_batch (queue, FALSE);
  return ok;
}
