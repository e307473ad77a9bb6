/* SPDX-License-Identifier: GPL-3.0-or-later */
/* swc-testserver: a local catalogue server that behaves like the real backend
 * (Nextcloud + OpenRegister v1.0.x + OpenCatalogi + the softwarecatalog app).
 * Internal header shared by the server's files; see docs/backend-behaviour.md. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _Srv Srv;

typedef struct
{
  gint64 id;
  char *slug;
  char *register_slug;
  gint64 register_id;
  JsonNode *node;         /* owned: the schema as /api/schemas answers it */
  JsonObject *properties; /* borrowed from node */
  GHashTable *required;   /* owned: set of property names */
  gboolean hard_validation;
  const char *name_field; /* nullable, borrowed */
  const char *summary_field;
  const char *description_field;
  GPtrArray *ref_props; /* owned: char* names of properties that hold references */
} SrvSchema;

typedef struct
{
  gint64 id;
  char *slug;
  JsonNode *node;     /* owned */
  GPtrArray *schemas; /* SrvSchema*, borrowed */
  gboolean magic;     /* catalogue objects live in magic tables (trash does not list them) */
} SrvRegister;

typedef struct
{
  double latency_ms;
  double error_rate;
  double reset_rate;
  double malformed_rate;
  double stall_rate;
  guint malformed_first; /* the first N answers are cut off, whatever the rates */
  char *mutate;          /* nullable: how answers are mutated (srv-faults.c), for clients' tests */
  double mutate_rate;    /* of the answers whose path has mutate_path: 1 unless given */
  char *mutate_path;     /* nullable: only paths that contain this */
} SrvFaults;

typedef struct
{
  char *uid;
  gboolean admin;
  GStrv groups;
} SrvUser;

struct _Srv
{
  SoupServer *server;
  sqlite3 *db;
  char *base_url;
  GPtrArray *registers; /* SrvRegister* owned */
  GPtrArray *schemas;   /* SrvSchema* owned */
  SrvFaults faults;
  GRand *rand;
  GMainLoop *loop;
  gint64 clock_offset;     /* seconds added to "now" (seeding uses past times) */
  GHashTable *live_counts; /* schema id -> live objects, for unfiltered lists; dropped on writes */
  GHashTable
      *page_cursors; /* "schema:offset" -> last rowid before that offset, for paging in order */
  int dialect; /* 2025 (voorzieningen, Dutch words) or 2026 (stackiq, English): srv-dialect.c */
};

/* An object read from or about to be written to the store. */
typedef struct
{
  gint64 rowid; /* 0 when new */
  char *uuid;
  SrvSchema *schema;
  JsonObject *data; /* owned: the properties */
  char *owner;
  char *organisation;
  char *version;
  char *created;
  char *updated;
  char *deleted; /* JSON text or NULL */
  char *locked;  /* JSON text or NULL */
} SrvObject;

/* How objects are rendered: the list/GET parameters that change an object's JSON. */
typedef struct
{
  GStrv fields;   /* nullable: _fields */
  GStrv extend;   /* nullable: _extend */
  GStrv unset;    /* nullable: _unset */
  gboolean empty; /* _empty=true: every schema property, null when unset */
  gboolean strip; /* list and GET without _empty: null, "" and empty arrays left out, @self too */
} SrvRender;

/* A request's query string as an ordered list of key/value pairs (keys repeat). */
typedef struct
{
  char *key;
  char *value;
} SrvParam;

/* srv-schemas.c */
gboolean srv_schemas_load (Srv *srv, GError **error);
SrvRegister *srv_register_find (Srv *srv, const char *slug_or_id);
SrvSchema *srv_schema_find (Srv *srv, const char *slug_or_id);
SrvSchema *srv_schema_by_id (Srv *srv, gint64 id);
SrvRegister *srv_register_by_id (Srv *srv, gint64 id);
JsonObject *srv_schema_property (SrvSchema *schema, const char *name);
const char *srv_property_ref (JsonObject *prop);
gboolean srv_property_is_array (JsonObject *prop);
const char *srv_property_type (JsonObject *prop);
gboolean srv_schema_allows (SrvSchema *schema, const SrvUser *user, const char *action);

/* srv-store.c */
gboolean srv_store_open (Srv *srv, const char *path, gboolean *created, GError **error);
gboolean srv_store_index (Srv *srv);
void srv_store_close (Srv *srv);
gboolean srv_exec (Srv *srv, const char *sql);
sqlite3_stmt *srv_prepare (Srv *srv, const char *sql);
char *srv_now (Srv *srv);
char *srv_time_format (gint64 unix_time);
char *srv_uuid_new (Srv *srv);
SrvObject *srv_object_new (SrvSchema *schema);
void srv_object_free (SrvObject *obj);
SrvObject *srv_object_load (Srv *srv, const char *uuid, gboolean include_deleted);
SrvObject *srv_object_load_rowid (Srv *srv, gint64 rowid);
gboolean srv_object_store (Srv *srv, SrvObject *obj, const char *user, const char *action,
                           JsonObject *changed, gboolean audit, GError **error);
void srv_object_soft_delete (Srv *srv, SrvObject *obj, const char *user, const char *reason);
void srv_render_row (Srv *srv, GString *out, sqlite3_stmt *row, const SrvRender *opts);
gboolean srv_render_uuid (Srv *srv, GString *out, const char *uuid, const SrvRender *opts);
JsonNode *srv_object_node (Srv *srv, const char *uuid);
char *srv_fold (const char *text);
gboolean srv_value_is_empty (JsonNode *node);
void srv_audit_write (Srv *srv, SrvObject *obj, const char *action, JsonObject *changed,
                      const char *user);
GPtrArray *srv_refs_to (Srv *srv, const char *uuid);
void srv_refs_collect (SrvSchema *schema, JsonObject *data, GPtrArray *out_pairs);

#define SRV_OBJECT_COLUMNS                                                                         \
  "o.rowid, o.uuid, o.schema, o.data, o.owner, o.organisation, o.version, "                        \
  "o.created, o.updated, o.deleted, o.locked, o.name, o.summary, o.description, o.relations"

/* srv-users.c */
gboolean srv_users_check_password (Srv *srv, const char *uid, const char *password,
                                   gboolean *is_app_password);
SrvUser *srv_user_load (Srv *srv, const char *uid);
void srv_user_free (SrvUser *user);
gboolean srv_user_exists (Srv *srv, const char *uid);
void srv_user_create (Srv *srv, const char *uid, const char *password, const char *display,
                      const char *email, gboolean enabled);
void srv_user_set_enabled (Srv *srv, const char *uid, gboolean enabled);
void srv_user_add_group (Srv *srv, const char *uid, const char *gid);
void srv_user_remove_group (Srv *srv, const char *uid, const char *gid);
GStrv srv_user_groups (Srv *srv, const char *uid);
char *srv_app_password_create (Srv *srv, const char *uid);
void srv_group_ensure (Srv *srv, const char *gid);
void srv_side_effects_after_save (Srv *srv, SrvObject *obj, const char *old_status,
                                  gboolean created);
const char *srv_role_group_for_type (const char *org_type);
void srv_users_seed_fixed (Srv *srv);

/* srv-http.c */
GPtrArray *srv_params_parse (const char *query);
const char *srv_param (GPtrArray *params, const char *key);
void srv_reply_json_node (SoupServerMessage *msg, guint status, JsonNode *node);
void srv_reply_json_text (SoupServerMessage *msg, guint status, const char *text, gssize len);
void srv_reply_error (SoupServerMessage *msg, guint status, const char *key, const char *text);
JsonNode *srv_body_json (SoupServerMessage *msg, GError **error);
GHashTable *srv_body_form (SoupServerMessage *msg);
SrvUser *srv_authenticate (Srv *srv, SoupServerMessage *msg, gboolean *bad_credentials);
char *srv_auth_app_password (SoupServerMessage *msg);
void srv_handle_request (SoupServer *server, SoupServerMessage *msg, const char *path,
                         GHashTable *query, gpointer user_data);

/* srv-api-objects.c, srv-api-nc.c, srv-api-sc.c: each returns TRUE when it handled the path */
gboolean srv_api_openregister (Srv *srv, SoupServerMessage *msg, char **parts, guint n,
                               SrvUser *user, GPtrArray *params);
gboolean srv_api_nextcloud (Srv *srv, SoupServerMessage *msg, const char *path, SrvUser *user,
                            GPtrArray *params);
gboolean srv_api_softwarecatalog (Srv *srv, SoupServerMessage *msg, char **parts, guint n,
                                  SrvUser *user, GPtrArray *params);

/* srv-validate.c */
gboolean srv_validate (SrvSchema *schema, JsonObject *data, JsonObject *errors_out);

/* srv-seed.c */
gboolean srv_seed (Srv *srv, const char *dataset, guint scale, GError **error);

/* srv-conns.c */
void srv_conns_watch (Srv *srv);
void srv_conns_free (void);

/* srv-faults.c */
gboolean srv_faults_parse (SrvFaults *faults, const char *spec, GError **error);
gboolean srv_faults_apply (Srv *srv, SoupServerMessage *msg);
void srv_faults_mutate (Srv *srv, SoupServerMessage *msg, const char *path);

G_END_DECLS
