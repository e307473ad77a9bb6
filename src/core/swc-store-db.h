/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's database, for the core only: what takes or hands out the SQLite handle. Above the
 * core (src/ui, src/cmd) the store is asked typed questions (swc-catalogue.h) and never gets the
 * handle. */
#pragma once

#include <sqlite3.h>

#include "swc-store.h"

G_BEGIN_DECLS

sqlite3 *swc_store_get_db (SwcStore *self);
sqlite3 *swc_store_open_connection (SwcStore *self, GError **error);
gboolean swc_store_apply_page (sqlite3 *db, SwcSchema *schema, GBytes *body, SwcPageKind kind,
                               gint64 page_number, SwcPageResult *result, GError **error);
gboolean swc_store_write_view (sqlite3 *db, SwcSchema *schema, const char *uuid, JsonObject *view,
                               gboolean deleted, gint pending, const char *server_json,
                               gboolean keep_server, GError **error);
gboolean swc_store_read_object (sqlite3 *db, const char *uuid, char **schema, char **json,
                                char **server_json, gint *pending);
gint64 swc_store_count (sqlite3 *db, const char *schema);
void swc_store_end_bulk_load (sqlite3 *db);
gboolean swc_store_is_empty (sqlite3 *db);
GHashTable *swc_store_uuids (sqlite3 *db, const char *schema);
guint swc_store_delete_missing (sqlite3 *db, const char *schema, GHashTable *server_uuids);
/* Sync bookkeeping, per schema; written in the same transaction as the page it belongs to. */
char *swc_store_sync_get (sqlite3 *db, const char *schema, const char *column);
void swc_store_sync_set (sqlite3 *db, const char *schema, const char *column, const char *value);
GHashTable *swc_store_sync_pages_done (sqlite3 *db, const char *schema);
void swc_store_sync_reset_pages (sqlite3 *db, const char *schema);

G_END_DECLS
