/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 2025 ↔ 2026 word table of the server (its own copy; the client has another in src/core). */
#pragma once

#include "srv.h"

G_BEGIN_DECLS

gboolean srv_dialect_parse (const char *text, int *dialect, GError **error);
const char *srv_dialect_register_slug (Srv *srv);
const char *srv_dialect_app (Srv *srv);
const char *srv_dialect_slug (Srv *srv, const char *slug_2025);
const char *srv_dialect_slug_2025 (const char *slug);
const char *srv_dialect_prop (Srv *srv, const char *schema_2025, const char *prop_2025);
const char *srv_dialect_value (Srv *srv, const char *schema_2025, const char *prop_2025,
                               const char *value_2025);
gboolean srv_dialect_is_value (const char *schema_2025, const char *prop_2025,
                               const char *word_2025, const char *value);
void srv_dialect_registers_json (JsonObject *root);
JsonObject *srv_dialect_seed_data (Srv *srv, const char *schema_2025, JsonObject *data);
void srv_dialect_seed_done (Srv *srv);
void srv_dialect_after_save (Srv *srv, SrvObject *obj);

/* srv-stackiq.c */
gboolean srv_api_stackiq (Srv *srv, SoupServerMessage *msg, char **parts, guint n, SrvUser *user,
                          GPtrArray *params);
const char *srv_org_group (SrvObject *org);

G_END_DECLS
