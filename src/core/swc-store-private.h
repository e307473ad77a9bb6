/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the store's files (swc-store.c: the database and its queries; swc-store-page.c: writing
 * objects). */
#pragma once

#include "swc-store-db.h"

G_BEGIN_DECLS

gboolean _swc_store_exec (sqlite3 *db, const char *sql, GError **error);
sqlite3_stmt *_swc_store_prepare (sqlite3 *db, const char *sql);
gboolean _swc_store_uuid_indexed (sqlite3 *db);

/* swc-store-repair.c: damage found by any read or write, and the check at opening */
void _swc_store_init_damage_log (void);
void _swc_store_register (SwcStore *self);
void _swc_store_mark_damaged (const char *reason);
void _swc_store_emit_damaged (SwcStore *self);
char *_swc_store_check_open (sqlite3 *db);
gboolean _swc_store_header_sound (const char *path);

/* Runs a statement that returns no rows and makes it ready for the next bindings. */
static inline void
_swc_store_step (sqlite3_stmt *s)
{
  sqlite3_step (s);
  sqlite3_reset (s);
}

G_END_DECLS
