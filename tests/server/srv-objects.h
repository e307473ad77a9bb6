/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "srv.h"

G_BEGIN_DECLS

void srv_render_from_params (SrvRender *r, GPtrArray *params);
void srv_render_clear (SrvRender *r);

void srv_objects_create (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user);
void srv_objects_get (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                      SrvUser *user, GPtrArray *params);
void srv_objects_update (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                         SrvUser *user, gboolean replace);
void srv_objects_delete (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                         SrvUser *user);
void srv_objects_relations (Srv *srv, SoupServerMessage *msg, const char *uuid, gboolean incoming,
                            GPtrArray *params);
void srv_objects_lock (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                       SrvUser *user, gboolean lock);
void srv_objects_merge (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, const char *uuid,
                        SrvUser *user);
void srv_objects_revert (Srv *srv, SoupServerMessage *msg, const char *uuid, gboolean numeric_path);
void srv_objects_bulk_save (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user);
void srv_objects_bulk_delete (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, SrvUser *user);
void srv_audit_list (Srv *srv, SoupServerMessage *msg, const char *uuid, GPtrArray *params);
void srv_audit_verify (Srv *srv, SoupServerMessage *msg, GPtrArray *params);
void srv_trash (Srv *srv, SoupServerMessage *msg, char **parts, guint n, SrvUser *user,
                GPtrArray *params);

/* Shared write path: validation, defaults, store, side effects. Sets *status and *body on failure.
 */
SrvObject *srv_objects_write (Srv *srv, SrvSchema *schema, SrvObject *existing, JsonObject *body,
                              const char *user, gboolean replace, gboolean is_post, guint *status,
                              char **error_body);

G_END_DECLS
