/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-queue.h"
#include "swc-store-db.h"

G_BEGIN_DECLS

struct _SwcQueue
{
  GObject parent_instance;

  SwcStore *store;       /* owned */
  SwcSchemaSet *schemas; /* borrowed */
  SwcClient *client;     /* owned, nullable: offline */
  guint batch;           /* >0: "changed" is held until the batch ends */
  gboolean batch_changed;
};

sqlite3 *_swc_queue_db (SwcQueue *self);
JsonObject *_swc_queue_parse_object (const char *text);
gboolean _swc_queue_recompute (SwcQueue *self, const char *uuid, GError **error);
void _swc_queue_set_state (sqlite3 *db, gint64 id, SwcChangeState state, const char *error_text);
char *_swc_queue_states_sql (guint states);
void _swc_queue_emit_changed (SwcQueue *self, gint64 id);
void _swc_queue_batch (SwcQueue *self, gboolean begin);
gboolean _swc_queue_begin (sqlite3 *db, gboolean *nested);
void _swc_queue_end (sqlite3 *db, gboolean nested, gboolean commit);
gint64 _swc_queue_insert (SwcQueue *self, SwcChangeKind kind, const char *schema, const char *uuid,
                          JsonObject *payload, JsonObject *base, const char *method,
                          const char *path, guint hold_ms, const char *label, GError **error);

G_END_DECLS
