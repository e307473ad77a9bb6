/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who is a member of a collaboration, and changing it on both sides through the change queue. The data can
 * hold one side only (an import, an old edit): members are the union of both, and a change writes both, so
 * a removal also repairs a one-sided membership. */
#define G_LOG_DOMAIN "swc-membership"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-membership.h"

static void
add_unique (GPtrArray *list, const char *uuid)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), uuid))
      return;
  g_ptr_array_add (list, g_strdup (uuid));
}

static void
add_strings (GPtrArray *list, JsonObject *object, const char *property)
{
  JsonNode *n = object ? json_object_get_member (object, property) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (n)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (n), i);
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        add_unique (list, json_node_get_string (e));
    }
}

/* The members' uuids, by name: the collaboration's participants and whoever names it among its memberships
 * (through the reference index, not a scan). Ids the store does not know are left out. */
GPtrArray *
swc_membership_members (SwcStore *store, SwcSchemaSet *schemas, const char *collaboration)
{
  const char *participants = swc_schema_set_field (schemas, SWC_FIELD_PARTICIPANTS);
  const char *memberships = swc_schema_set_field (schemas, SWC_FIELD_MEMBERSHIPS);
  g_autoptr(JsonObject) collab = swc_store_object (store, collaboration);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *members = g_ptr_array_new_with_free_func (g_free);
  GString *sql = g_string_new ("SELECT uuid FROM objects WHERE deleted = 0 AND schema = 'organisatie' AND"
                               " (rowid IN (SELECT source FROM refs WHERE target = ?1 AND property = ?2)");
  sqlite3_stmt *s = NULL;

  add_strings (found, collab, participants);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (sql, "%s?%u", i ? ", " : " OR uuid IN (", i + 3);
  g_string_append (sql, found->len ? ")) ORDER BY name COLLATE NOCASE" : ") ORDER BY name COLLATE NOCASE");
  sqlite3_prepare_v2 (swc_store_get_db (store), sql->str, -1, &s, NULL);
  sqlite3_bind_text (s, 1, collaboration, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, memberships, -1, SQLITE_STATIC);
  for (guint i = 0; i < found->len; i++)
    sqlite3_bind_text (s, i + 3, g_ptr_array_index (found, i), -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (s, 0)));
  sqlite3_finalize (s);
  g_string_free (sql, TRUE);
  return members;
}

/* How many registrations of usage point at the collaboration: what a member stops sharing when it leaves. */
gint64
swc_membership_usages (SwcStore *store, const char *collaboration)
{
  sqlite3_stmt *s = NULL;
  gint64 n = 0;

  sqlite3_prepare_v2 (swc_store_get_db (store),
                      "SELECT COUNT(DISTINCT o.rowid) FROM refs r JOIN objects o ON o.rowid = r.source"
                      " WHERE r.target = ? AND o.schema = 'gebruik' AND o.deleted = 0", -1, &s, NULL);
  sqlite3_bind_text (s, 1, collaboration, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return n;
}

/* Puts other in (or takes it out of) the list in object's property, as a queued patch; nothing is queued
 * when the list is already right. */
gboolean
swc_membership_set_side (SwcQueue *queue, SwcStore *store, const char *object, const char *property,
                         const char *other, gboolean present, guint hold_ms, const char *label, GArray *ids,
                         GError **error)
{
  g_autoptr(JsonObject) current = swc_store_object (store, object);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) change = json_object_new ();
  JsonArray *array = json_array_new ();
  gboolean had = FALSE;
  gint64 id;

  add_strings (list, current, property);
  for (guint i = 0; i < list->len; i++)
    {
      const char *uuid = g_ptr_array_index (list, i);
      if (g_str_equal (uuid, other))
        had = TRUE;
      else
        json_array_add_string_element (array, uuid);
    }
  if (had == present)
    {
      json_array_unref (array);
      return TRUE;
    }
  if (present)
    json_array_add_string_element (array, other);
  json_object_set_array_member (change, property, array);
  if ((id = swc_queue_patch (queue, object, change, hold_ms, label, error)) == 0)
    return FALSE;
  g_array_append_val (ids, id);
  return TRUE;
}

/* Makes member a member of the collaboration (member_of) or not, on both sides. The queue ids go into ids. */
gboolean
swc_membership_set (SwcQueue *queue, SwcStore *store, SwcSchemaSet *schemas, const char *collaboration,
                    const char *member, gboolean member_of, guint hold_ms, GArray *ids, GError **error)
{
  g_autofree char *collab_name = swc_store_object_name (store, collaboration);
  g_autofree char *member_name = swc_store_object_name (store, member);
  g_autofree char *label = member_of ? g_strdup_printf (_("Add %s to %s"), member_name, collab_name)
                                     : g_strdup_printf (_("Remove %s from %s"), member_name, collab_name);

  return swc_membership_set_side (queue, store, collaboration, swc_schema_set_field (schemas, SWC_FIELD_PARTICIPANTS),
                                  member, member_of, hold_ms, label, ids, error) &&
         swc_membership_set_side (queue, store, member, swc_schema_set_field (schemas, SWC_FIELD_MEMBERSHIPS),
                                  collaboration, member_of, hold_ms, label, ids, error);
}
