/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "srv.h"

G_BEGIN_DECLS

typedef struct _SrvQuery SrvQuery;

SrvQuery *srv_query_new (Srv *srv, SrvSchema *schema, GPtrArray *params);
void srv_query_free (SrvQuery *q);
gint64 srv_query_count (SrvQuery *q);
void srv_query_append_page (SrvQuery *q, GString *out, const SrvRender *render);
void srv_query_facets (SrvQuery *q, JsonBuilder *b, const char *fields);
gboolean srv_query_has_ignored (SrvQuery *q);
JsonArray *srv_query_ignored (SrvQuery *q);
gint64 srv_query_limit (SrvQuery *q);
gint64 srv_query_page (SrvQuery *q);
gint64 srv_query_offset (SrvQuery *q);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SrvQuery, srv_query_free)

G_END_DECLS
