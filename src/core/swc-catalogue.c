/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Typed questions about the catalogue (swc-catalogue.h): the SQL written from meanings, in the
 * store's words (swc-vocab), so no page writes a backend word or a line of SQL. */
#define G_LOG_DOMAIN "swc-catalogue"

#include "config.h"

#include "swc-catalogue.h"
#include "swc-concepts.h"
#include "swc-store-db.h"

static void
add (GString *sql, char *part)
{
  g_string_append_printf (sql, "%s(%s)", sql->len ? " AND " : "", part);
  sqlite3_free (part);
}

static char *
field_is (SwcField field, const char *value, gboolean fold)
{
  return fold ? sqlite3_mprintf ("lower(json_extract(json, '$.\"%w\"')) = lower(%Q)",
                                 swc_field_key (field), value)
              : sqlite3_mprintf ("json_extract(json, '$.\"%w\"') = %Q", swc_field_key (field),
                                 value);
}

/* Status Concept; or, from a 2026 backend, registrationStatus pending without a status yet (the
 * intake stores none). A decided registration (a status set) waits no more, before the next sync
 * brings the backend's registrationStatus. */
static char *
waiting (void)
{
  return sqlite3_mprintf ("lower(json_extract(json, '$.\"%w\"')) = lower(%Q)"
                          " OR (json_extract(json, '$.\"%w\"') = 'pending'"
                          " AND coalesce(json_extract(json, '$.\"%w\"'), '') = '')",
                          swc_field_key (SWC_FIELD_STATUS),
                          swc_org_status_value (SWC_ORG_STATUS_DRAFT),
                          swc_field_key (SWC_FIELD_REGISTRATION_STATUS),
                          swc_field_key (SWC_FIELD_STATUS));
}

/* A record merged into another stays behind on a 2026 backend as a tombstone (status merged, or an
 * application's recordStatus Merged, with mergedInto): no list shows it. */
static char *
not_merged (void)
{
  return sqlite3_mprintf ("coalesce(json_extract(json, '$.\"%w\"'), '') = ''"
                          " AND coalesce(lower(json_extract(json, '$.\"%w\"')), '') != lower(%Q)",
                          swc_field_key (SWC_FIELD_MERGED_INTO), swc_field_key (SWC_FIELD_STATUS),
                          swc_org_status_value (SWC_ORG_STATUS_MERGED));
}

static char *
in_use (void)
{
  return sqlite3_mprintf ("EXISTS (SELECT 1 FROM refs r JOIN objects g ON g.rowid = r.source"
                          " WHERE r.target = objects.uuid AND g.schema = %Q)",
                          swc_kind_slug (SWC_KIND_USAGE));
}

void
_swc_query_sql (const SwcQuery *q, char **condition, char **order)
{
  GString *sql = g_string_new (NULL);

  if (q->subset == SWC_SUBSET_WAITING)
    add (sql, waiting ());
  else if (q->subset == SWC_SUBSET_CONCEPT_PACKAGES)
    {
      g_autofree char *packages = swc_concept_packages_condition ();
      add (sql, sqlite3_mprintf ("%s", packages));
    }
  if (q->org_type != SWC_ORG_TYPE_NONE && swc_org_type_value (q->org_type))
    add (sql, field_is (SWC_FIELD_TYPE, swc_org_type_value (q->org_type), FALSE));
  if (q->org_status != SWC_ORG_STATUS_NONE && swc_org_status_value (q->org_status))
    add (sql, field_is (SWC_FIELD_STATUS, swc_org_status_value (q->org_status), TRUE));
  if (q->type_value)
    add (sql, field_is (SWC_FIELD_TYPE, q->type_value, FALSE));
  if (q->status_value)
    add (sql, field_is (SWC_FIELD_STATUS, q->status_value, TRUE));
  if (q->in_use)
    add (sql, in_use ());
  if (q->org_status != SWC_ORG_STATUS_MERGED)
    add (sql, not_merged ());
  *condition = sql->len ? g_string_free (sql, FALSE) : (g_string_free (sql, TRUE), NULL);
  switch (q->order)
    {
    case SWC_ORDER_CREATED:
      *order = g_strdup ("json_extract(json, '$.\"@self\".created')");
      break;
    case SWC_ORDER_NAME_DESC:
      *order = g_strdup ("name COLLATE NOCASE DESC");
      break;
    case SWC_ORDER_NAME:
    default:
      *order = g_strdup ("name COLLATE NOCASE");
      break;
    }
}

/* The store's keys of fields (for a form or a list of properties a page shows), NULL-terminated. */
GStrv
swc_field_keys (const SwcField *fields, gsize n_fields)
{
  GStrv keys = g_new0 (char *, n_fields + 1);

  for (gsize i = 0; i < n_fields; i++)
    keys[i] = g_strdup (swc_field_key (fields[i]));
  return keys;
}

/* A field's text as the store holds it (NULL when it is not text). */
const char *
swc_field_string (JsonObject *object, SwcField field)
{
  JsonNode *n = object ? json_object_get_member (object, swc_field_key (field)) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

/* Does the organisation's registration wait for review (as SWC_SUBSET_WAITING asks)? */
gboolean
swc_org_is_waiting (JsonObject *org)
{
  SwcOrgStatus status = swc_org_status (org);

  return status == SWC_ORG_STATUS_DRAFT ||
         (status == SWC_ORG_STATUS_NONE && swc_org_registration (org) == SWC_REGISTRATION_PENDING);
}

/* What a record in the store is (SWC_KIND_OTHER when it is unknown). */
SwcKind
swc_object_kind (SwcStore *store, const char *uuid)
{
  g_autofree char *schema = NULL;

  g_return_val_if_fail (SWC_IS_STORE (store), SWC_KIND_OTHER);

  schema = swc_store_object_schema (store, uuid);
  return swc_kind_from_slug (schema);
}

static sqlite3_stmt *
prepare (SwcStore *store, const char *sql)
{
  sqlite3 *db = swc_store_get_db (store);
  sqlite3_stmt *s = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &s, NULL) != SQLITE_OK)
    {
      g_warning ("Cannot prepare %s: %s", sql, sqlite3_errmsg (db));
      sqlite3_finalize (s);
      return NULL;
    }
  return s;
}

/* The contact persons of an organisation, by name: SwcContact. */
GPtrArray *
swc_catalogue_contact_persons (SwcStore *store, const char *organisation)
{
  GPtrArray *people = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_contact_free);
  g_autofree char *sql = g_strdup_printf (
      "SELECT o.uuid, o.name, json_extract(o.json, '$.\"%s\"') FROM refs r JOIN objects o ON"
      " o.rowid = r.source"
      " WHERE r.target = ?1 AND r.property = '%s' AND o.schema = '%s' AND o.deleted = 0 ORDER BY"
      " o.name COLLATE NOCASE",
      swc_field_key (SWC_FIELD_EMAIL), swc_field_key (SWC_FIELD_ORGANISATION),
      swc_kind_slug (SWC_KIND_CONTACT_PERSON));
  sqlite3_stmt *s;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  s = prepare (store, sql);
  if (s == NULL || organisation == NULL)
    {
      sqlite3_finalize (s);
      return people;
    }
  sqlite3_bind_text (s, 1, organisation, -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SwcContact *c = g_new0 (SwcContact, 1);
      c->uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
      c->name = g_strdup ((const char *) sqlite3_column_text (s, 1));
      c->email = g_strdup ((const char *) sqlite3_column_text (s, 2));
      g_ptr_array_add (people, c);
    }
  sqlite3_finalize (s);
  return people;
}

void
swc_contact_free (SwcContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->uuid);
  g_free (contact->name);
  g_free (contact->email);
  g_free (contact);
}

/* The records in the store per schema (deleted ones too, as the store holds them), by schema:
 * SwcKindCount. */
GPtrArray *
swc_catalogue_counts (SwcStore *store)
{
  GPtrArray *counts = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_kind_count_free);
  sqlite3_stmt *s;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);

  s = prepare (store, "SELECT schema, COUNT(*) FROM objects GROUP BY schema ORDER BY schema");
  if (s == NULL)
    return counts;
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SwcKindCount *c = g_new0 (SwcKindCount, 1);
      c->schema = g_strdup ((const char *) sqlite3_column_text (s, 0));
      c->count = sqlite3_column_int64 (s, 1);
      g_ptr_array_add (counts, c);
    }
  sqlite3_finalize (s);
  return counts;
}

/* The records of a kind that are not deleted; SWC_KIND_OTHER: of every kind. */
gint64
swc_catalogue_count (SwcStore *store, SwcKind kind)
{
  g_return_val_if_fail (SWC_IS_STORE (store), 0);

  return swc_store_count (swc_store_get_db (store),
                          kind == SWC_KIND_OTHER ? NULL : swc_kind_slug (kind));
}

void
swc_kind_count_free (SwcKindCount *count)
{
  if (count == NULL)
    return;
  g_free (count->schema);
  g_free (count);
}
