/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

sqlite3_stmt *swc_db_prepare (sqlite3 *db, const char *sql);

G_END_DECLS
