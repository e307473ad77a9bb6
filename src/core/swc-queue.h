/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-client.h"
#include "swc-store.h"

G_BEGIN_DECLS

#define SWC_TYPE_QUEUE (swc_queue_get_type ())
G_DECLARE_FINAL_TYPE (SwcQueue, swc_queue, SWC, QUEUE, GObject)

/* States of a queued change, as stored. */
#define SWC_CHANGE_HELD     "held"      /* waiting out its Undo window */
#define SWC_CHANGE_PENDING  "pending"   /* to be sent */
#define SWC_CHANGE_SENDING  "sending"   /* sent, answer not yet stored: checked before sending again */
#define SWC_CHANGE_DONE     "done"
#define SWC_CHANGE_FAILED   "failed"    /* refused by the server; rolled back locally */
#define SWC_CHANGE_CONFLICT "conflict"  /* someone else changed the same fields: base, mine, theirs kept */
#define SWC_CHANGE_DISCARDED "discarded"

typedef struct
{
  gint64  id;
  char   *kind;     /* create, patch, delete, action */
  char   *schema;
  char   *uuid;
  char   *state;
  char   *label;
  char   *error;
  char   *created;
  gint    attempts;
  char   *name;     /* the object's name as the store has it; NULL when it has none */
  char   *what;     /* what the change does, in a word or two ("approve", "merge"), translated */
} SwcChange;

typedef struct
{
  guint sent;
  guint failed;
  guint conflicts;
  guint waiting;   /* still queued (held, offline, later) */
} SwcQueueStats;

SwcQueue  *swc_queue_new          (SwcStore *store, SwcSchemaSet *schemas);
void       swc_queue_set_client   (SwcQueue *self, SwcClient *client);

gint64     swc_queue_create       (SwcQueue *self, const char *schema, JsonObject *object, guint hold_ms,
                                   const char *label, GError **error);
gint64     swc_queue_patch        (SwcQueue *self, const char *uuid, JsonObject *changes, guint hold_ms,
                                   const char *label, GError **error);
gint64     swc_queue_delete       (SwcQueue *self, const char *uuid, guint hold_ms, const char *label,
                                   GError **error);
gint64     swc_queue_action       (SwcQueue *self, const char *schema, const char *uuid, const char *path,
                                   JsonObject *payload, guint hold_ms, const char *label, GError **error);
gboolean   swc_queue_cancel       (SwcQueue *self, gint64 id, GError **error);
guint      swc_queue_retry        (SwcQueue *self, gint64 id);
guint      swc_queue_discard      (SwcQueue *self, gint64 id);
gboolean   swc_queue_get_conflict (SwcQueue *self, gint64 id, JsonObject **base, JsonObject **mine,
                                   JsonObject **theirs);
gboolean   swc_queue_resolve      (SwcQueue *self, gint64 id, JsonObject *result, GError **error);
void       swc_queue_retry_now    (SwcQueue *self);
gint64     swc_queue_next_due_ms  (SwcQueue *self);
GPtrArray *swc_queue_list         (SwcQueue *self, gboolean include_done);
GHashTable *swc_queue_counts      (SwcStore *store);
void       swc_change_free        (SwcChange *change);

void       swc_queue_send_async   (SwcQueue *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean   swc_queue_send_finish  (SwcQueue *self, GAsyncResult *result, SwcQueueStats *stats, GError **error);

G_END_DECLS
