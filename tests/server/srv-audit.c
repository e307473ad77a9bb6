/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Audit trail lists and the trash (/api/deleted). */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-objects.h"

static gint64
param_int (GPtrArray *params, const char *key, gint64 fallback)
{
  const char *v = srv_param (params, key);

  return v && *v ? g_ascii_strtoll (v, NULL, 10) : fallback;
}

static void
append_entry (GString *out, sqlite3_stmt *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  static const char *names[] = { "id",        "uuid",       "register", "schema",
                                 "object",    "objectUuid", "action",   "changed",
                                 "user",      "userName",   "session",  "request",
                                 "ipAddress", "version",    "created",  "size" };

  json_builder_begin_object (b);
  for (int i = 0; i < 16; i++)
    {
      json_builder_set_member_name (b, names[i]);
      if (i == 7 &&
          json_parser_load_from_data (parser, (const char *) sqlite3_column_text (s, i), -1, NULL))
        json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
      else if (sqlite3_column_type (s, i) == SQLITE_INTEGER)
        json_builder_add_int_value (b, sqlite3_column_int64 (s, i));
      else if (sqlite3_column_type (s, i) == SQLITE_NULL)
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, (const char *) sqlite3_column_text (s, i));
    }
  /* the rest of AuditTrail::jsonSerialize (v1.0.1); "hash" and "previousHash" stay null:
   * AuditHashService can verify a chain, but nothing in v1.0.1 computes or stores one when an entry
   * is written */
  {
    static const char *nulls[] = { "registerUuid",
                                   "schemaUuid",
                                   "organisationId",
                                   "organisationIdType",
                                   "processingActivityId",
                                   "processingActivityUrl",
                                   "processingId",
                                   "confidentiality",
                                   "retentionPeriod",
                                   "expires",
                                   "hash",
                                   "previousHash" };
    for (guint i = 0; i < G_N_ELEMENTS (nulls); i++)
      {
        json_builder_set_member_name (b, nulls[i]);
        json_builder_add_null_value (b);
      }
  }
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  text = json_to_string (node, FALSE);
  g_string_append (out, text);
}

static void
add_filter (GString *where, GPtrArray *binds, GPtrArray *params, const char *param,
            const char *column)
{
  const char *v = srv_param (params, param);

  if (v == NULL)
    return;
  g_string_append_printf (where, " AND %s = ?", column);
  g_ptr_array_add (binds, (gpointer) v);
}

/* GET /api/audit-trails (uuid NULL) and GET …/{uuid}/audit-trails; "register" and "schema" are
 * ignored. */
void
srv_audit_list (Srv *srv, SoupServerMessage *msg, const char *uuid, GPtrArray *params)
{
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GPtrArray) binds = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new ("{\"results\":[");
  g_autofree char *sql = NULL;
  gint64 limit = MAX (1, param_int (params, "_limit", 20));
  gint64 page = MAX (1, param_int (params, "_page", 1));
  gint64 total = 0;
  sqlite3_stmt *s;

  if (uuid)
    {
      g_string_append (where, " AND object_uuid = ?");
      g_ptr_array_add (binds, (gpointer) uuid);
    }
  add_filter (where, binds, params, "object", "object_uuid");
  add_filter (where, binds, params, "action", "action");
  add_filter (where, binds, params, "user", "user");
  add_filter (where, binds, params, "created", "created");
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit WHERE %s", where->str);
  s = srv_prepare (srv, sql);
  for (guint i = 0; i < binds->len; i++)
    sqlite3_bind_text (s, i + 1, g_ptr_array_index (binds, i), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s) == SQLITE_ROW)
    total = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  g_free (sql);
  sql = g_strdup_printf (
      "SELECT id, uuid, register, schema, object, object_uuid, action, changed, user,"
      " user_name, session, request, ip, version, created, size FROM audit WHERE %s"
      " ORDER BY created DESC, id DESC LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
      where->str, limit, (page - 1) * limit);
  s = srv_prepare (srv, sql);
  for (guint i = 0; i < binds->len; i++)
    sqlite3_bind_text (s, i + 1, g_ptr_array_index (binds, i), -1, SQLITE_TRANSIENT);
  for (int n = 0; sqlite3_step (s) == SQLITE_ROW; n++)
    {
      if (n)
        g_string_append_c (out, ',');
      append_entry (out, s);
    }
  sqlite3_finalize (s);
  g_string_append_printf (out,
                          "],\"total\":%" G_GINT64_FORMAT ",\"page\":%" G_GINT64_FORMAT
                          ",\"pages\":%" G_GINT64_FORMAT ",\"limit\":%" G_GINT64_FORMAT
                          ",\"offset\":%" G_GINT64_FORMAT "}",
                          total, page, MAX (1, (total + limit - 1) / limit), limit,
                          (page - 1) * limit);
  srv_reply_json_text (msg, 200, out->str, out->len);
}

/* GET /api/audit-trails/verify (AuditHashService::verifyChain): every entry has a null hash, so
 * each is skipped and the chain is "valid" with nothing verified; from/to add their range. */
void
srv_audit_verify (Srv *srv, SoupServerMessage *msg, GPtrArray *params)
{
  const char *from = srv_param (params, "from");
  const char *to = srv_param (params, "to");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) where = g_string_new ("1");
  g_autofree char *sql = NULL;
  gint64 skipped = 0;
  sqlite3_stmt *s;

  if (from)
    g_string_append_printf (where, " AND id >= %" G_GINT64_FORMAT,
                            g_ascii_strtoll (from, NULL, 10));
  if (to)
    g_string_append_printf (where, " AND id <= %" G_GINT64_FORMAT, g_ascii_strtoll (to, NULL, 10));
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit WHERE %s", where->str);
  s = srv_prepare (srv, sql);
  if (sqlite3_step (s) == SQLITE_ROW)
    skipped = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  g_string_printf (out,
                   "{\"valid\":true,\"entriesVerified\":0,\"brokenAt\":null,"
                   "\"skippedNullHashes\":%" G_GINT64_FORMAT,
                   skipped);
  if (from || to)
    {
      g_autofree char *f =
          from ? g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (from, NULL, 10))
               : g_strdup ("null");
      g_autofree char *t =
          to ? g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (to, NULL, 10))
             : g_strdup ("null");
      g_string_append_printf (out, ",\"range\":{\"from\":%s,\"to\":%s}", f, t);
    }
  g_string_append_c (out, '}');
  srv_reply_json_text (msg, 200, out->str, out->len);
}

/* An SQL condition on o.register: the registers whose objects the trash can see. */
static char *
registers_in_trash (Srv *srv)
{
  GString *c = g_string_new ("o.register IN (0");

  for (guint i = 0; i < srv->registers->len; i++)
    {
      SrvRegister *r = g_ptr_array_index (srv->registers, i);
      if (!r->magic)
        g_string_append_printf (c, ", %" G_GINT64_FORMAT, r->id);
    }
  g_string_append_c (c, ')');
  return g_string_free (c, FALSE);
}

static const char *
param_either (GPtrArray *params, const char *a, const char *b)
{
  const char *v = srv_param (params, a);

  return v ? v : srv_param (params, b);
}

/* The trash lists only objects of registers that are not magic-mapped (in v1.0.x catalogue objects
 * never show up), and restore answers success for a catalogue object without restoring it.
 * Paging as DeletedController::index: limit|_limit (20), offset|_offset, else page|_page; the
 * answer's "offset" is null when neither was given, "page" 1 when not given, "pages" PHP's ceil(),
 * a float. */
static void
trash_list (Srv *srv, SoupServerMessage *msg, GPtrArray *params)
{
  g_autoptr(GString) out = g_string_new ("{\"results\":[");
  const char *lv = param_either (params, "limit", "_limit");
  const char *ov = param_either (params, "offset", "_offset");
  const char *pv = param_either (params, "page", "_page");
  gint64 limit = lv ? g_ascii_strtoll (lv, NULL, 10) : 20;
  gint64 page = pv ? g_ascii_strtoll (pv, NULL, 10) : 1;
  gint64 offset = ov ? g_ascii_strtoll (ov, NULL, 10) : pv ? (page - 1) * limit : 0;
  gint64 total = 0;
  sqlite3_stmt *s;

  g_autofree char *registers = registers_in_trash (srv);
  g_autofree char *count_sql =
      g_strdup_printf ("SELECT COUNT(*) FROM objects o WHERE o.deleted IS NOT NULL AND %s",
                       registers);
  g_autofree char *list_sql =
      g_strdup_printf ("SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE o.deleted IS NOT NULL"
                       " AND %s ORDER BY o.updated DESC LIMIT ? OFFSET ?",
                       registers);

  s = srv_prepare (srv, count_sql);
  if (sqlite3_step (s) == SQLITE_ROW)
    total = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  s = srv_prepare (srv, list_sql);
  sqlite3_bind_int64 (s, 1, limit);
  sqlite3_bind_int64 (s, 2, MAX (0, offset));
  for (int n = 0; sqlite3_step (s) == SQLITE_ROW; n++)
    {
      if (n)
        g_string_append_c (out, ',');
      srv_render_row (srv, out, s, NULL);
    }
  sqlite3_finalize (s);
  g_string_append_printf (out, "],\"total\":%" G_GINT64_FORMAT ",\"page\":%" G_GINT64_FORMAT, total,
                          page);
  if (limit > 0)
    g_string_append_printf (out, ",\"pages\":%" G_GINT64_FORMAT ".0", (total + limit - 1) / limit);
  else
    g_string_append (out, ",\"pages\":1");
  g_string_append_printf (out, ",\"limit\":%" G_GINT64_FORMAT, limit);
  if (ov || pv)
    g_string_append_printf (out, ",\"offset\":%" G_GINT64_FORMAT "}", offset);
  else
    g_string_append (out, ",\"offset\":null}");
  srv_reply_json_text (msg, 200, out->str, out->len);
}

static void
trash_restore (Srv *srv, SoupServerMessage *msg, const char *uuid, SrvUser *user)
{
  SrvObject *obj = srv_object_load (srv, uuid, TRUE);
  SrvRegister *reg = obj ? srv_register_by_id (srv, obj->schema->register_id) : NULL;

  if (obj == NULL || obj->deleted == NULL)
    {
      srv_reply_error (msg, 404, "error", "Deleted object not found");
      srv_object_free (obj);
      return;
    }
  if (!reg->magic)
    {
      g_clear_pointer (&obj->deleted, g_free);
      srv_object_store (srv, obj, user->uid, "restore", NULL, TRUE, NULL);
    }
  srv_reply_json_text (msg, 200, "{\"success\":true,\"message\":\"Object restored successfully\"}",
                       -1);
  srv_object_free (obj);
}

void
srv_trash (Srv *srv, SoupServerMessage *msg, char **parts, guint n, SrvUser *user,
           GPtrArray *params)
{
  const char *method = soup_server_message_get_method (msg);

  if (n <= 2 && g_str_equal (method, "GET"))
    trash_list (srv, msg, params);
  else if (n == 3 && g_str_equal (parts[2], "restore") && g_str_equal (method, "POST"))
    trash_restore (srv, msg, parts[1], user);
  else
    srv_reply_error (msg, 404, "message", "Not found");
}
