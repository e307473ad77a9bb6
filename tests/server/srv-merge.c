/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POST …/{source}/merge as OpenRegister's MergeHandler does it: the chosen values go to the target,
 * every object that references the source is rewritten to the target, the source is soft-deleted.
 */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-objects.h"

static gboolean
replace_in_node (JsonObject *data, const char *prop, const char *from, const char *to)
{
  JsonNode *n = json_object_get_member (data, prop);
  gboolean changed = FALSE;

  if (n == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (n) && g_strcmp0 (json_node_get_string (n), from) == 0)
    {
      json_object_set_string_member (data, prop, to);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      JsonArray *b = json_array_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          const char *v = JSON_NODE_HOLDS_VALUE (e) ? json_node_get_string (e) : NULL;
          if (v != NULL && g_str_equal (v, from))
            {
              v = to;
              changed = TRUE;
            }
          if (v != NULL && !g_hash_table_add (seen, (gpointer) v))
            continue;
          json_array_add_element (b, v ? json_node_init_string (json_node_alloc (), v)
                                       : json_node_copy (e));
        }
      json_object_set_array_member (data, prop, b);
    }
  return changed;
}

/* Rewrites every live object referencing the source; returns the list of {objectId, schema,
 * properties}. */
static JsonArray *
transfer_references (Srv *srv, const char *source, const char *target, const char *user)
{
  g_autoptr(GPtrArray) rows = srv_refs_to (srv, source);
  JsonArray *actions = json_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      SrvObject *obj = srv_object_load_rowid (srv, GPOINTER_TO_INT (g_ptr_array_index (rows, i)));
      g_autoptr(JsonObject) before = NULL;
      JsonObject *entry;
      JsonArray *props;

      if (obj == NULL || obj->deleted != NULL || g_strcmp0 (obj->uuid, target) == 0)
        {
          srv_object_free (obj);
          continue;
        }
      before = json_object_ref (obj->data);
      obj->data = json_object_new ();
      props = json_array_new ();
      {
        GList *names = json_object_get_members (before);
        for (GList *l = names; l; l = l->next)
          json_object_set_member (obj->data, l->data,
                                  json_node_copy (json_object_get_member (before, l->data)));
        for (guint j = 0; j < obj->schema->ref_props->len; j++)
          {
            const char *p = g_ptr_array_index (obj->schema->ref_props, j);
            if (replace_in_node (obj->data, p, source, target))
              json_array_add_string_element (props, p);
          }
        g_list_free (names);
      }
      json_object_unref (before);
      before = NULL;
      srv_object_store (srv, obj, user, "update", NULL, TRUE, NULL);
      entry = json_object_new ();
      json_object_set_string_member (entry, "objectId", obj->uuid);
      json_object_set_string_member (entry, "schema", obj->schema->slug);
      json_object_set_array_member (entry, "properties", props);
      json_array_add_object_element (actions, entry);
      srv_object_free (obj);
    }
  return actions;
}

static JsonArray *
apply_chosen_values (SrvObject *target, JsonObject *chosen)
{
  JsonArray *actions = json_array_new ();
  GList *names = chosen ? json_object_get_members (chosen) : NULL;

  for (GList *l = names; l; l = l->next)
    {
      JsonNode *old = json_object_has_member (target->data, l->data)
                          ? json_object_get_member (target->data, l->data)
                          : NULL;
      JsonNode *new = json_object_get_member (chosen, l->data);
      JsonObject *entry;

      if (g_str_equal (l->data, "id") || g_str_equal (l->data, "@self") ||
          (old && json_node_equal (old, new)))
        continue;
      entry = json_object_new ();
      json_object_set_string_member (entry, "property", l->data);
      json_object_set_member (entry, "oldValue",
                              old ? json_node_copy (old) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (entry, "newValue", json_node_copy (new));
      json_array_add_object_element (actions, entry);
      json_object_set_member (target->data, l->data, json_node_copy (new));
    }
  g_list_free (names);
  return actions;
}

static guint
count_relations (SrvObject *obj)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

  srv_refs_collect (obj->schema, obj->data, pairs);
  return pairs->len / 2;
}

static void
set_stats (JsonObject *stats, guint props, guint rel_t, guint rel_d, guint refs)
{
  json_object_set_int_member (stats, "propertiesChanged", props);
  json_object_set_int_member (stats, "filesTransferred", 0);
  json_object_set_int_member (stats, "filesDeleted", 0);
  json_object_set_int_member (stats, "relationsTransferred", rel_t);
  json_object_set_int_member (stats, "relationsDropped", rel_d);
  json_object_set_int_member (stats, "referencesUpdated", refs);
}

/* ObjectsController::merge: "target" and a non-empty "object" first (400), then
 * MergeHandler::mergeObjects: a missing source or target is a DoesNotExistException the controller
 * answers 404 "Object not found", different register or schema an InvalidArgumentException answered
 * 400 with its text. */
static gboolean
object_given (JsonObject *b)
{
  JsonNode *n = json_object_get_member (b, "object");

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (n))
    return json_object_get_size (json_node_get_object (n)) > 0;
  if (JSON_NODE_HOLDS_ARRAY (n))
    return json_array_get_length (json_node_get_array (n)) > 0;
  return !srv_value_is_empty (n);
}

static gboolean
merge_checks (SoupServerMessage *msg, JsonObject *b, SrvObject *source, SrvObject *target,
              const char *tid)
{
  if (b == NULL || !json_object_has_member (b, "target") ||
      json_object_get_null_member (b, "target"))
    srv_reply_error (msg, 400, "error", "Target object ID is required");
  else if (!object_given (b))
    srv_reply_error (msg, 400, "error", "Object data is required");
  else if (tid == NULL || *tid == '\0')
    srv_reply_error (msg, 400, "error", "Target object ID is required");
  else if (source == NULL || target == NULL)
    srv_reply_error (msg, 404, "error", "Object not found");
  else if (source->schema->register_id != target->schema->register_id)
    srv_reply_error (msg, 400, "error", "Objects must be in the same register");
  else if (source->schema != target->schema)
    srv_reply_error (msg, 400, "error", "Objects must conform to the same schema");
  else if (g_str_equal (source->uuid, target->uuid))
    srv_reply_error (msg, 400, "error",
                     "Cannot merge an object into itself"); /* assumed: upstream has no check */
  else
    return TRUE;
  return FALSE;
}

void
srv_objects_merge (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                   SrvUser *user)
{
  g_autoptr(JsonNode) body = srv_body_json (msg, NULL);
  JsonObject *b = body && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  const char *tid = b ? json_object_get_string_member_with_default (b, "target", NULL) : NULL;
  SrvObject *source = srv_object_load (srv, uuid, FALSE);
  SrvObject *target = tid ? srv_object_load (srv, tid, FALSE) : NULL;
  g_autoptr(JsonObject) report = json_object_new ();
  JsonObject *actions = json_object_new (), *stats = json_object_new ();
  JsonArray *refs = NULL, *props;
  g_autofree char *merged_into = NULL;
  gboolean transfer_refs, transfer_rel;
  guint rel = 0;
  g_autoptr(JsonNode) root = NULL;

  if (!merge_checks (msg, b, source, target, tid))
    goto out;
  transfer_refs =
      g_strcmp0 (json_object_get_string_member_with_default (b, "referenceAction", "transfer"),
                 "transfer") == 0;
  transfer_rel =
      g_strcmp0 (json_object_get_string_member_with_default (b, "relationAction", "transfer"),
                 "transfer") == 0;
  json_object_set_member (report, "sourceObject", srv_object_node (srv, source->uuid));
  json_object_set_member (report, "targetObject", srv_object_node (srv, target->uuid));
  props = apply_chosen_values (target, b && json_object_has_member (b, "object")
                                           ? json_object_get_object_member (b, "object")
                                           : NULL);
  rel = count_relations (source);
  srv_object_store (srv, target, user->uid, "update", NULL, TRUE, NULL);
  refs = transfer_refs ? transfer_references (srv, source->uuid, target->uuid, user->uid)
                       : json_array_new ();
  merged_into = g_strdup_printf ("Merged into object %s", target->uuid);
  srv_object_soft_delete (srv, source, user->uid, merged_into);
  json_object_set_boolean_member (report, "success", TRUE);
  json_object_set_member (report, "mergedObject", srv_object_node (srv, target->uuid));
  set_stats (stats, json_array_get_length (props), transfer_rel ? rel : 0, transfer_rel ? 0 : rel,
             json_array_get_length (refs));
  json_object_set_array_member (actions, "properties", props);
  json_object_set_array_member (actions, "files", json_array_new ());
  json_object_set_array_member (actions, "relations", json_array_new ());
  json_object_set_array_member (actions, "references", json_array_ref (refs));
  json_object_set_object_member (report, "actions", json_object_ref (actions));
  json_object_set_object_member (report, "statistics", json_object_ref (stats));
  json_object_set_array_member (report, "warnings", json_array_new ());
  json_object_set_array_member (report, "errors", json_array_new ());
  root = json_node_init_object (json_node_alloc (), report);
  srv_reply_json_node (msg, 200, root);
out:
  if (refs)
    json_array_unref (refs);
  json_object_unref (actions);
  json_object_unref (stats);
  srv_object_free (source);
  srv_object_free (target);
}
