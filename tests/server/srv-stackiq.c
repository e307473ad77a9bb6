/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The stackiq app's 2026 endpoints (/index.php/apps/stackiq/api/…, --dialect 2026): organisation
 * merge, moderation, intake and organisation members (api-2026.md §3; docs/backend-behaviour.md
 * "Dialects"). */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-dialect.h"

#include <string.h>

#define MERGE_READ_LIMIT                                                                           \
  10000 /* MergeOrganisatieService::findAllForType reads at most this many per type */

static void
reply_message (SoupServerMessage *msg, guint status, const char *text)
{
  srv_reply_error (msg, status, "message", text);
}

static JsonObject *
request_body (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = srv_body_json (msg, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();
  return json_object_ref (json_node_get_object (node));
}

static SrvSchema *
org_schema (Srv *srv)
{
  return srv_schema_find (srv, srv_dialect_slug (srv, "organisatie"));
}

static SrvObject *
load_org (Srv *srv, const char *uuid)
{
  SrvObject *obj = uuid ? srv_object_load (srv, uuid, FALSE) : NULL;

  if (obj != NULL && obj->schema != org_schema (srv))
    g_clear_pointer (&obj, srv_object_free);
  return obj;
}

static const char *
string_of (JsonObject *o, const char *key)
{
  JsonNode *n = o && json_object_has_member (o, key) ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

/* The organisation's Nextcloud group: its `group` property when set (OrganizationHandler),
 * otherwise the twin's convention, a group named by the organisation's uuid. */
const char *
srv_org_group (SrvObject *org)
{
  const char *g = string_of (org->data, "group");

  return g != NULL && g[0] != '\0' ? g : org->uuid;
}

/* A new object holding the same member nodes: enough to diff, as changes replace members. */
static JsonObject *
copy_members (JsonObject *o)
{
  JsonObject *copy = json_object_new ();
  GList *names = json_object_get_members (o);

  for (GList *l = names; l; l = l->next)
    json_object_set_member (copy, l->data, json_object_dup_member (o, l->data));
  g_list_free (names);
  return copy;
}

/* Writes changed properties with an audit entry {property: {old, new}}, as any other write. */
static void
store_with_changes (Srv *srv, SrvObject *obj, JsonObject *old_data, const char *user)
{
  g_autoptr(JsonObject) changed = json_object_new ();
  GList *names = json_object_get_members (obj->data),
        *old_names = json_object_get_members (old_data);

  for (GList *l = old_names; l; l = l->next)
    if (!json_object_has_member (obj->data, l->data))
      names = g_list_append (names, l->data);
  for (GList *l = names; l; l = l->next)
    {
      JsonNode *o = json_object_has_member (old_data, l->data)
                        ? json_object_get_member (old_data, l->data)
                        : NULL;
      JsonNode *n = json_object_has_member (obj->data, l->data)
                        ? json_object_get_member (obj->data, l->data)
                        : NULL;
      JsonObject *entry;
      if (o != NULL && n != NULL && json_node_equal (o, n))
        continue;
      entry = json_object_new ();
      json_object_set_member (entry, "old",
                              o ? json_node_copy (o) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (entry, "new",
                              n ? json_node_copy (n) : json_node_new (JSON_NODE_NULL));
      json_object_set_object_member (changed, l->data, entry);
    }
  g_list_free (names);
  g_list_free (old_names);
  srv_object_store (srv, obj, user, "update", changed, TRUE, NULL);
}

/* ---- organisation merge (MergeController, MergeOrganisatieService) ---- */

typedef struct
{
  const char *key;    /* the counts key */
  const char *schema; /* 2025 slug */
  const char *field;  /* 2025 property: a scalar reference */
  const char *array;  /* 2025 property: an array of references, or NULL */
} MergeRelation;

static const MergeRelation field_relations[] = {
  { "usage", "gebruik", "afnemer", "deelnemers" },
  { "contactPerson", "contactpersoon", "organisatie", NULL },
  { "aanbod", "koppeling", "aanbieder", NULL },
};
static const char *self_relations[] = { "contract", "compliancy" };

static void
empty_counts (JsonObject *counts)
{
  json_object_set_int_member (counts, "groupMembers", 0);
  for (guint i = 0; i < G_N_ELEMENTS (field_relations); i++)
    json_object_set_int_member (counts, field_relations[i].key, 0);
  for (guint i = 0; i < G_N_ELEMENTS (self_relations); i++)
    json_object_set_int_member (counts, self_relations[i], 0);
}

static void
add_blocker (JsonArray *blockers, const char *type, const char *message)
{
  JsonObject *b = json_object_new ();

  json_object_set_string_member (b, "type", type);
  json_object_set_string_member (b, "message", message);
  json_array_add_object_element (blockers, b);
}

static JsonArray *
merge_blockers (Srv *srv, const char *source_uuid, const char *target_uuid, SrvObject *source,
                SrvObject *target)
{
  JsonArray *blockers = json_array_new ();
  const char *merged = srv_dialect_value (srv, "organisatie", "status", "samengevoegd");

  if (g_strcmp0 (source_uuid, target_uuid) == 0)
    {
      add_blocker (blockers, "self-merge", "Source and target organisation cannot be the same.");
      return blockers;
    }
  if (source == NULL)
    add_blocker (blockers, "source-not-found", "Source organisation not found.");
  if (target == NULL)
    add_blocker (blockers, "target-not-found", "Target organisation not found.");
  if (source != NULL && g_strcmp0 (string_of (source->data, "status"), merged) == 0 &&
      g_strcmp0 (string_of (source->data, "mergedInto"), target_uuid) != 0)
    add_blocker (blockers, "source-already-merged",
                 "Source organisation has already been merged into a different target.");
  if (target != NULL && g_strcmp0 (string_of (target->data, "status"), merged) == 0)
    add_blocker (blockers, "target-already-merged",
                 "Target organisation has already been merged into another organisation.");
  return blockers;
}

/* The first MERGE_READ_LIMIT live objects of a schema end at this rowid (G_MAXINT64 when fewer). */
static gint64
read_window_end (Srv *srv, SrvSchema *schema)
{
  sqlite3_stmt *s =
      srv_prepare (srv, "SELECT rowid FROM objects WHERE schema = ? AND deleted IS NULL"
                        " ORDER BY rowid LIMIT 1 OFFSET ?");
  gint64 end = G_MAXINT64;

  sqlite3_bind_int64 (s, 1, schema->id);
  sqlite3_bind_int (s, 2, MERGE_READ_LIMIT - 1);
  if (sqlite3_step (s) == SQLITE_ROW)
    end = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return end;
}

static GArray *
referencing_rows (Srv *srv, SrvSchema *schema, const char *field, const char *array,
                  const char *source)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *s =
      srv_prepare (srv,
                   "SELECT DISTINCT o.rowid FROM refs r JOIN objects o ON o.rowid = r.source"
                   " WHERE r.target = ?1 AND (r.property = ?2 OR r.property = ?3)"
                   " AND o.schema = ?4 AND o.deleted IS NULL AND o.rowid <= ?5 ORDER BY o.rowid");

  sqlite3_bind_text (s, 1, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 3, array ? array : field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 4, schema->id);
  sqlite3_bind_int64 (s, 5, read_window_end (srv, schema));
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (s, 0);
      g_array_append_val (rows, rowid);
    }
  sqlite3_finalize (s);
  return rows;
}

static void
repoint_object (Srv *srv, gint64 rowid, const char *field, const char *array, const char *source,
                const char *target, const char *user)
{
  SrvObject *obj = srv_object_load_rowid (srv, rowid);
  g_autoptr(JsonObject) old = NULL;
  JsonNode *n;

  if (obj == NULL)
    return;
  old = copy_members (obj->data);
  if (g_strcmp0 (string_of (obj->data, field), source) == 0)
    json_object_set_string_member (obj->data, field, target);
  n = array && json_object_has_member (obj->data, array) ? json_object_get_member (obj->data, array)
                                                         : NULL;
  if (n != NULL && JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *in = json_node_get_array (n), *out = json_array_new ();
      for (guint i = 0; i < json_array_get_length (in); i++)
        {
          JsonNode *e = json_array_get_element (in, i);
          if (JSON_NODE_HOLDS_VALUE (e) && g_strcmp0 (json_node_get_string (e), source) == 0)
            json_array_add_string_element (out, target);
          else
            json_array_add_element (out, json_node_copy (e));
        }
      json_object_set_array_member (obj->data, array, out);
    }
  store_with_changes (srv, obj, old, user);
  srv_object_free (obj);
}

static gint64
repoint_by_field (Srv *srv, const MergeRelation *rel, const char *source, const char *target,
                  const char *user)
{
  SrvSchema *schema = srv_schema_find (srv, srv_dialect_slug (srv, rel->schema));
  const char *field = srv_dialect_prop (srv, rel->schema, rel->field);
  const char *array = rel->array ? srv_dialect_prop (srv, rel->schema, rel->array) : NULL;
  g_autoptr(GArray) rows = NULL;

  if (schema == NULL)
    return 0;
  rows = referencing_rows (srv, schema, field, array, source);
  for (guint i = 0; user != NULL && i < rows->len; i++)
    repoint_object (srv, g_array_index (rows, gint64, i), field, array, source, target, user);
  return rows->len;
}

/* contract and compliancy belong to an organisation through @self.organisation. */
static gint64
repoint_by_self (Srv *srv, const char *slug, const char *source, const char *target,
                 const char *user)
{
  SrvSchema *schema = srv_schema_find (srv, slug);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *s;

  if (schema == NULL)
    return 0;
  s = srv_prepare (
      srv, "SELECT rowid FROM objects WHERE schema = ? AND organisation = ? AND deleted IS NULL"
           " AND rowid <= ? ORDER BY rowid");
  sqlite3_bind_int64 (s, 1, schema->id);
  sqlite3_bind_text (s, 2, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 3, read_window_end (srv, schema));
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (s, 0);
      g_array_append_val (rows, rowid);
    }
  sqlite3_finalize (s);
  for (guint i = 0; user != NULL && i < rows->len; i++)
    {
      SrvObject *obj = srv_object_load_rowid (srv, g_array_index (rows, gint64, i));
      g_autoptr(JsonObject) changed = json_object_new ();
      JsonObject *entry = json_object_new ();
      JsonObject *self_old = json_object_new (), *self_new = json_object_new ();

      json_object_set_string_member (self_old, "organisation", obj->organisation);
      json_object_set_string_member (self_new, "organisation", target);
      json_object_set_object_member (entry, "old", self_old);
      json_object_set_object_member (entry, "new", self_new);
      json_object_set_object_member (changed, "@self", entry);
      g_free (obj->organisation);
      obj->organisation = g_strdup (target);
      srv_object_store (srv, obj, user, "update", changed, TRUE, NULL);
      srv_object_free (obj);
    }
  return rows->len;
}

static GStrv
group_members (Srv *srv, const char *gid)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  sqlite3_stmt *s = srv_prepare (srv, "SELECT uid FROM user_groups WHERE gid = ? ORDER BY uid");

  sqlite3_bind_text (s, 1, gid, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_strv_builder_add (b, (const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return g_strv_builder_end (b);
}

/* Counts (dry run, user NULL) or re-points every relation, then counts or moves the group members.
 */
static void
walk_relations (Srv *srv, SrvObject *source, SrvObject *target, JsonObject *counts,
                const char *user)
{
  g_auto(GStrv) members = group_members (srv, srv_org_group (source));

  for (guint i = 0; i < G_N_ELEMENTS (field_relations); i++)
    json_object_set_int_member (counts, field_relations[i].key,
                                repoint_by_field (srv, &field_relations[i], source->uuid,
                                                  target->uuid, user));
  for (guint i = 0; i < G_N_ELEMENTS (self_relations); i++)
    json_object_set_int_member (counts, self_relations[i],
                                repoint_by_self (srv, self_relations[i], source->uuid, target->uuid,
                                                 user));
  json_object_set_int_member (counts, "groupMembers", g_strv_length (members));
  for (guint i = 0; user != NULL && members[i]; i++)
    {
      srv_user_add_group (srv, members[i], srv_org_group (target));
      srv_user_remove_group (srv, members[i], srv_org_group (source));
    }
}

static void
tombstone (Srv *srv, const char *source_uuid, const char *target_uuid, const char *user)
{
  SrvObject *obj = load_org (srv, source_uuid);
  g_autoptr(JsonObject) old = NULL;
  const char *merged = srv_dialect_value (srv, "organisatie", "status", "samengevoegd");

  if (obj == NULL)
    return;
  if (g_strcmp0 (string_of (obj->data, "status"), merged) != 0 ||
      g_strcmp0 (string_of (obj->data, "mergedInto"), target_uuid) != 0)
    {
      old = copy_members (obj->data);
      json_object_set_string_member (obj->data, "status", merged);
      json_object_set_string_member (obj->data, "mergedInto", target_uuid);
      store_with_changes (srv, obj, old, user);
    }
  srv_object_free (obj);
}

static void
handle_merge (Srv *srv, SoupServerMessage *msg, const char *source_uuid, SrvUser *user,
              gboolean dry_run)
{
  g_autoptr(JsonObject) body = request_body (msg);
  const char *target_uuid = string_of (body, "targetUuid");
  SrvObject *source, *target;
  JsonArray *blockers;
  JsonObject *counts = json_object_new ();
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  const char *merged = srv_dialect_value (srv, "organisatie", "status", "samengevoegd");
  gboolean was_tombstone;
  gint64 relations = 0;

  if (!user->admin)
    {
      json_object_unref (counts);
      return reply_message (msg, 403, "Only administrators may merge organisations");
    }
  if (target_uuid == NULL || target_uuid[0] == '\0')
    {
      json_object_unref (counts);
      return reply_message (msg, 400, "targetUuid is required");
    }
  source = load_org (srv, source_uuid);
  target = load_org (srv, target_uuid);
  blockers = merge_blockers (srv, source_uuid, target_uuid, source, target);
  empty_counts (counts);
  if (!dry_run && json_array_get_length (blockers) > 0)
    {
      json_object_set_string_member (answer, "message", "Merge request rejected.");
      json_object_set_array_member (answer, "blockers", blockers);
      json_object_unref (counts);
      node = json_node_init_object (json_node_alloc (), answer);
      srv_reply_json_node (msg, 409, node);
      srv_object_free (source);
      srv_object_free (target);
      return;
    }
  was_tombstone = source != NULL && g_strcmp0 (string_of (source->data, "status"), merged) == 0;
  if (json_array_get_length (blockers) == 0)
    walk_relations (srv, source, target, counts, dry_run ? NULL : user->uid);
  if (!dry_run)
    {
      g_autofree char *operation = srv_uuid_new (srv);
      tombstone (srv, source_uuid, target_uuid, user->uid);
      for (guint i = 0; i < G_N_ELEMENTS (field_relations); i++)
        relations += json_object_get_int_member (counts, field_relations[i].key);
      for (guint i = 0; i < G_N_ELEMENTS (self_relations); i++)
        relations += json_object_get_int_member (counts, self_relations[i]);
      json_object_set_boolean_member (answer, "ok", TRUE);
      json_object_set_string_member (answer, "operationId", operation);
    }
  json_object_set_string_member (answer, "sourceUuid", source_uuid);
  json_object_set_string_member (answer, "targetUuid", target_uuid);
  if (!dry_run)
    json_object_set_string_member (answer, "status",
                                   was_tombstone && relations == 0 ? "already_completed"
                                                                   : "completed");
  json_object_set_object_member (answer, "counts", counts);
  if (dry_run)
    json_object_set_array_member (answer, "blockers", blockers);
  else
    json_array_unref (blockers);
  node = json_node_init_object (json_node_alloc (), answer);
  srv_reply_json_node (msg, 200, node);
  srv_object_free (source);
  srv_object_free (target);
}

/* ---- moderation (ModerationController, ModerationService) ---- */

static gboolean
moderated_type (Srv *srv, SoupServerMessage *msg, GPtrArray *params)
{
  const char *type = srv_param (params, "type");

  if (type == NULL || g_str_equal (type, srv_dialect_slug (srv, "organisatie")))
    return TRUE;
  reply_message (msg, 400, "register/schema not configured");
  return FALSE;
}

static void
moderation_pending (Srv *srv, SoupServerMessage *msg)
{
  sqlite3_stmt *s =
      srv_prepare (srv, "SELECT uuid FROM objects WHERE schema = ? AND deleted IS NULL"
                        " AND json_extract (data, '$.registrationStatus') = 'pending'"
                        " ORDER BY rowid LIMIT 500");
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *items = json_array_new ();

  sqlite3_bind_int64 (s, 1, org_schema (srv)->id);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SrvObject *obj = srv_object_load (srv, (const char *) sqlite3_column_text (s, 0), FALSE);
      JsonObject *item = json_object_new ();
      GList *names = json_object_get_members (obj->data);
      for (GList *l = names; l; l = l->next)
        json_object_set_member (item, l->data, json_object_dup_member (obj->data, l->data));
      g_list_free (names);
      json_object_set_string_member (item, "id", obj->uuid);
      json_array_add_object_element (items, item);
      srv_object_free (obj);
    }
  sqlite3_finalize (s);
  json_object_set_boolean_member (answer, "ok", TRUE);
  json_object_set_string_member (answer, "reason", "ok");
  json_object_set_array_member (answer, "items", items);
  node = json_node_init_object (json_node_alloc (), answer);
  srv_reply_json_node (msg, 200, node);
}

static void
moderation_decide (Srv *srv, SoupServerMessage *msg, const char *uuid, gboolean approve,
                   SrvUser *user)
{
  SrvObject *obj = load_org (srv, uuid);
  g_autoptr(JsonObject) old = NULL;
  g_autofree char *now = srv_now (srv);

  if (obj == NULL)
    return reply_message (msg, 400, "entry not found");
  if (g_strcmp0 (string_of (obj->data, "registrationStatus"), "pending") != 0)
    {
      srv_object_free (obj);
      return reply_message (msg, 400, "entry is not pending moderation");
    }
  old = copy_members (obj->data);
  json_object_set_string_member (obj->data, "registrationStatus", approve ? "active" : "rejected");
  if (approve)
    json_object_set_string_member (obj->data, "publicationDate", now);
  else if (json_object_has_member (obj->data, "publicationDate"))
    json_object_remove_member (obj->data, "publicationDate");
  if (approve && json_object_has_member (obj->data, "depublicationDate"))
    json_object_remove_member (obj->data, "depublicationDate");
  store_with_changes (srv, obj, old, user->uid);
  srv_object_free (obj);
  srv_reply_json_text (msg, 200,
                       approve ? "{\"ok\":true,\"reason\":\"approved\",\"status\":\"active\"}"
                               : "{\"ok\":true,\"reason\":\"rejected\",\"status\":\"rejected\"}",
                       -1);
}

/* Nextcloud admins (and users delegated the app's admin setting, which the twin has none of). */
static gboolean
may_moderate (SoupServerMessage *msg, SrvUser *user)
{
  if (user->admin)
    return TRUE;
  reply_message (msg, 403,
                 "Logged in user must be an admin or have authorization to edit this setting.");
  return FALSE;
}

/* ---- intake (IntakeController, IntakeService): public ---- */

static gboolean
pending_name_exists (Srv *srv, const char *name)
{
  sqlite3_stmt *s = srv_prepare (srv, "SELECT 1 FROM objects WHERE schema = ? AND deleted IS NULL"
                                      " AND json_extract (data, '$.registrationStatus') = 'pending'"
                                      " AND lower (json_extract (data, '$.name')) = lower (?)");
  gboolean found;

  sqlite3_bind_int64 (s, 1, org_schema (srv)->id);
  sqlite3_bind_text (s, 2, name, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_finalize (s);
  return found;
}

static void
intake_register (Srv *srv, SoupServerMessage *msg, SrvUser *user)
{
  static const char *forbidden[] = { "registrationStatus",
                                     "publicationDate",
                                     "depublicationDate",
                                     "status",
                                     "type",
                                     "contactsUid",
                                     "mergedInto",
                                     "id",
                                     "uuid",
                                     "@self",
                                     "group",
                                     "deelnames",
                                     "participants",
                                     NULL };
  g_autoptr(JsonObject) body = request_body (msg);
  JsonNode *n = json_object_has_member (body, "organisation")
                    ? json_object_get_member (body, "organisation")
                    : NULL;
  JsonObject *org = n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
  const char *name = string_of (org, "name");
  SrvObject *obj;
  g_autofree char *answer = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  GList *names;

  if (trimmed[0] == '\0')
    return reply_message (msg, 400, "organisation.name is required");
  if (pending_name_exists (srv, name))
    return reply_message (msg, 400,
                          "An organisation with this name is already awaiting moderation.");
  obj = srv_object_new (org_schema (srv));
  names = json_object_get_members (org);
  for (GList *l = names; l; l = l->next)
    if (!g_strv_contains (forbidden, l->data))
      json_object_set_member (obj->data, l->data, json_object_dup_member (org, l->data));
  g_list_free (names);
  json_object_set_string_member (obj->data, "status",
                                 srv_dialect_value (srv, "organisatie", "status", "Concept"));
  json_object_set_string_member (obj->data, "registrationStatus", "pending");
  srv_object_store (srv, obj, user ? user->uid : NULL, "create", NULL, TRUE, NULL);
  answer = g_strdup_printf ("{\"ok\":true,\"uuid\":\"%s\",\"status\":\"pending\","
                            "\"message\":\"Registration received; it awaits moderation.\"}",
                            obj->uuid);
  srv_reply_json_text (msg, 202, answer, -1);
  srv_object_free (obj);
}

/* ---- organisation members (OrganisationMembersController): NoCSRFRequired, group maintainer only
 * ---- */

static void
reply_error_key (SoupServerMessage *msg, guint status, const char *text)
{
  srv_reply_error (msg, status, "error", text);
}

static void
handle_members (Srv *srv, SoupServerMessage *msg, const char *org_uuid, const char *user_id,
                SrvUser *user, gboolean grant)
{
  g_autoptr(JsonObject) body = grant ? request_body (msg) : NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  SrvObject *org;

  if (!g_strv_contains ((const char *const *) user->groups, "maintainer"))
    return reply_error_key (msg, 403,
                            "Only a beheerder of this organisation may grant or revoke access");
  if (grant)
    user_id = string_of (body, "userId");
  if (user_id == NULL || user_id[0] == '\0')
    return reply_error_key (msg, 400, "userId is required");
  org = load_org (srv, org_uuid);
  if (org == NULL)
    return reply_error_key (msg, 404, "Organisation not found");
  if (!srv_user_exists (srv, user_id))
    {
      srv_object_free (org);
      return reply_error_key (msg, 404, "User not found");
    }
  if (grant)
    srv_user_add_group (srv, user_id, srv_org_group (org));
  else
    srv_user_remove_group (srv, user_id, srv_org_group (org));
  json_object_set_string_member (answer, "message",
                                 grant ? "Successfully granted organisation access"
                                       : "Successfully revoked organisation access");
  json_object_set_string_member (answer, "userId", user_id);
  node = json_node_init_object (json_node_alloc (), answer);
  srv_reply_json_node (msg, 200, node);
  srv_object_free (org);
}

/* ---- routing ---- */

/* Nextcloud's SecurityMiddleware: a route without NoCSRFRequired needs the OCS-APIRequest header.
 */
static gboolean
passes_csrf (SoupServerMessage *msg)
{
  const char *h = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "OCS-APIRequest");

  if (h != NULL && g_ascii_strcasecmp (h, "true") == 0)
    return TRUE;
  reply_message (msg, 412, "CSRF check failed");
  return FALSE;
}

static gboolean
is_merge_route (char **parts, guint n)
{
  return (n == 3 || n == 4) && g_str_equal (parts[0], "organisaties") &&
         g_str_equal (parts[2], "merge") && (n == 3 || g_str_equal (parts[3], "dry-run"));
}

gboolean
srv_api_stackiq (Srv *srv, SoupServerMessage *msg, char **parts, guint n, SrvUser *user,
                 GPtrArray *params)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");
  gboolean moderation = n >= 2 && g_str_equal (parts[0], "moderation");

  if (n == 2 && g_str_equal (parts[0], "intake") && g_str_equal (parts[1], "register") && post)
    {
      intake_register (srv, msg, user);
      return TRUE;
    }
  if (user == NULL)
    return FALSE; /* the app answers 401 for every other route */
  if ((is_merge_route (parts, n) && post) || moderation)
    {
      if (!passes_csrf (msg))
        return TRUE;
    }
  if (is_merge_route (parts, n) && post)
    handle_merge (srv, msg, parts[1], user, n == 4);
  else if (moderation && n == 2 && g_str_equal (parts[1], "pending") && g_str_equal (method, "GET"))
    {
      if (may_moderate (msg, user) && moderated_type (srv, msg, params))
        moderation_pending (srv, msg);
    }
  else if (moderation && n == 3 && post &&
           (g_str_equal (parts[2], "approve") || g_str_equal (parts[2], "reject")))
    {
      if (may_moderate (msg, user) && moderated_type (srv, msg, params))
        moderation_decide (srv, msg, parts[1], g_str_equal (parts[2], "approve"), user);
    }
  else if (n == 3 && g_str_equal (parts[0], "organisations") && g_str_equal (parts[2], "members") &&
           post)
    handle_members (srv, msg, parts[1], NULL, user, TRUE);
  else if (n == 4 && g_str_equal (parts[0], "organisations") && g_str_equal (parts[2], "members") &&
           g_str_equal (method, "DELETE"))
    handle_members (srv, msg, parts[1], parts[3], user, FALSE);
  else
    return FALSE;
  return TRUE;
}
