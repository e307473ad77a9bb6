/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who is a member of a collaboration, and changing it on both sides through the change queue. The
 * data can hold one side only (an import, an old edit): members are the union of both, and a change
 * writes both, so a removal also repairs a one-sided membership. */
#define G_LOG_DOMAIN "swc-membership"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-membership.h"
#include "swc-store-db.h"
#include "swc-db.h"

static gboolean
seen_before (GStrv list, guint i)
{
  for (guint j = 0; j < i; j++)
    if (g_str_equal (list[j], list[i]))
      return TRUE;
  return FALSE;
}

/* The members' uuids, by name: the collaboration's participants and whoever names it among its
 * memberships (through the reference index, not a scan). Ids the store does not know are left out.
 */
GPtrArray *
swc_membership_members (SwcStore *store, SwcSchemaSet *schemas, const char *collaboration)
{
  const char *participants;
  const char *memberships;
  g_autoptr(JsonObject) collab = NULL;
  g_auto(GStrv) found = NULL;
  guint n_found;
  GPtrArray *members;
  GString *sql;
  sqlite3_stmt *s = NULL;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);
  g_return_val_if_fail (schemas != NULL, NULL);

  members = g_ptr_array_new_with_free_func (g_free);
  sql = g_string_new ("SELECT uuid FROM objects WHERE deleted = 0 AND schema = 'organisatie' AND"
                      " (rowid IN (SELECT source FROM refs WHERE target = ?1 AND property = ?2)");
  participants = swc_schema_set_field (schemas, SWC_FIELD_PARTICIPANTS);
  memberships = swc_schema_set_field (schemas, SWC_FIELD_MEMBERSHIPS);
  collab = swc_store_object (store, collaboration);
  found = swc_json_strings (collab, participants);
  n_found = g_strv_length (found);
  for (guint i = 0; i < n_found; i++)
    g_string_append_printf (sql, "%s?%u", i ? ", " : " OR uuid IN (", i + 3);
  g_string_append (sql,
                   n_found ? ")) ORDER BY name COLLATE NOCASE" : ") ORDER BY name COLLATE NOCASE");
  s = swc_db_prepare (swc_store_get_db (store), sql->str);
  sqlite3_bind_text (s, 1, collaboration, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, memberships, -1, SQLITE_STATIC);
  for (guint i = 0; i < n_found; i++)
    sqlite3_bind_text (s, i + 3, found[i], -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (s, 0)));
  sqlite3_finalize (s);
  g_string_free (sql, TRUE);
  return members;
}

/* How many registrations of usage point at the collaboration: what a member stops sharing when it
 * leaves. */
gint64
swc_membership_usages (SwcStore *store, const char *collaboration)
{
  sqlite3_stmt *s = NULL;
  gint64 n = 0;

  g_return_val_if_fail (SWC_IS_STORE (store), 0);

  s = swc_db_prepare (
      swc_store_get_db (store),
      "SELECT COUNT(DISTINCT o.rowid) FROM refs r JOIN objects o ON o.rowid = r.source"
      " WHERE r.target = ? AND o.schema = 'gebruik' AND o.deleted = 0");
  sqlite3_bind_text (s, 1, collaboration, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return n;
}

/* Puts other in (or takes it out of) the list in object's property, as a queued patch; nothing is
 * queued when the list is already right. */
gboolean
swc_membership_set_side (SwcQueue *queue, SwcStore *store, const char *object, const char *property,
                         const char *other, gboolean present, guint hold_ms, const char *label,
                         GArray *ids, GError **error)
{
  g_autoptr(JsonObject) current = NULL;
  g_auto(GStrv) list = NULL;
  g_autoptr(JsonObject) change = json_object_new ();
  JsonArray *array = json_array_new ();
  gboolean had = FALSE;
  gint64 id;

  g_return_val_if_fail (SWC_IS_QUEUE (queue), FALSE);
  g_return_val_if_fail (SWC_IS_STORE (store), FALSE);

  current = swc_store_object (store, object);
  list = swc_json_strings (current, property);
  for (guint i = 0; list[i]; i++)
    {
      if (g_str_equal (list[i], other))
        had = TRUE;
      else if (!seen_before (list, i))
        json_array_add_string_element (array, list[i]); /* each id once */
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

/* Makes member a member of the collaboration (member_of) or not, on both sides. The queue ids go
 * into ids. */
gboolean
swc_membership_set (SwcQueue *queue, SwcStore *store, SwcSchemaSet *schemas,
                    const char *collaboration, const char *member, gboolean member_of,
                    guint hold_ms, GArray *ids, GError **error)
{
  g_autofree char *collab_name = swc_store_object_name (store, collaboration);
  g_autofree char *member_name = swc_store_object_name (store, member);
  g_autofree char *label =
      member_of ? g_strdup_printf (_("Add %s to %s"), member_name, collab_name)
                : g_strdup_printf (_("Remove %s from %s"), member_name, collab_name);

  g_return_val_if_fail (SWC_IS_QUEUE (queue), FALSE);

  return swc_membership_set_side (queue, store, collaboration,
                                  swc_schema_set_field (schemas, SWC_FIELD_PARTICIPANTS), member,
                                  member_of, hold_ms, label, ids, error) &&
         swc_membership_set_side (queue, store, member,
                                  swc_schema_set_field (schemas, SWC_FIELD_MEMBERSHIPS),
                                  collaboration, member_of, hold_ms, label, ids, error);
}
