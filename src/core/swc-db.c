/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every statement of the core is prepared here. One that cannot be (a damaged file, a store another
 * version of the program wrote) comes back NULL with the reason on the debug log; SQLite's own log
 * has told the store already, which marks itself damaged where that is the cause
 * (swc-store-repair.c). A NULL statement reads as no rows in SQLite; a caller that writes checks
 * for it and reports the failure. */
#define G_LOG_DOMAIN "swc-store"

#include "config.h"

#include "swc-db.h"

sqlite3_stmt *
swc_db_prepare (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *s = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &s, NULL) != SQLITE_OK)
    {
      g_debug ("cannot prepare “%s”: %s", sql, sqlite3_errmsg (db));
      sqlite3_finalize (s);
      return NULL;
    }
  return s;
}
