/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "srv.h"

G_BEGIN_DECLS

void srv_register_oas (Srv *srv, SoupServerMessage *msg, SrvRegister *reg);
void srv_objects_export (Srv *srv, SoupServerMessage *msg, SrvSchema *schema, GPtrArray *params);
void srv_user_me (Srv *srv, SoupServerMessage *msg, SrvUser *user);
void srv_tenant (Srv *srv, SoupServerMessage *msg, const char *uuid);
void srv_object_counts (Srv *srv, SoupServerMessage *msg);

G_END_DECLS
