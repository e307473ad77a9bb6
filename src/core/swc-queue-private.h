/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-queue.h"

G_BEGIN_DECLS

struct _SwcQueue
{
  GObject       parent_instance;

  SwcStore     *store;    /* owned */
  SwcSchemaSet *schemas;  /* borrowed */
  SwcClient    *client;   /* owned, nullable: offline */
};

sqlite3    *_swc_queue_db           (SwcQueue *self);
JsonObject *_swc_queue_parse_object (const char *text);
gboolean    _swc_queue_recompute    (SwcQueue *self, const char *uuid, GError **error);
void        _swc_queue_set_state    (sqlite3 *db, gint64 id, const char *state, const char *error_text);
void        _swc_queue_emit_changed (SwcQueue *self, gint64 id);

G_END_DECLS
