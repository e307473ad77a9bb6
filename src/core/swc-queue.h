/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-client.h"
#include "swc-store.h"

G_BEGIN_DECLS

#define SWC_TYPE_QUEUE (swc_queue_get_type ())
G_DECLARE_FINAL_TYPE (SwcQueue, swc_queue, SWC, QUEUE, GObject)

/* Where a queued change is. Stored in the queue table as its word (swc_change_state_to_string),
 * which the command line prints too; nothing else speaks the words. */
typedef enum
{
  SWC_CHANGE_STATE_HELD,    /* waiting out its Undo window */
  SWC_CHANGE_STATE_PENDING, /* to be sent */
  SWC_CHANGE_STATE_SENDING, /* sent, answer not yet stored: checked before sending again */
  SWC_CHANGE_STATE_DONE,
  SWC_CHANGE_STATE_FAILED,   /* refused by the server; rolled back locally */
  SWC_CHANGE_STATE_CONFLICT, /* someone else changed the same fields: base, mine, theirs kept */
  SWC_CHANGE_STATE_DISCARDED,
  SWC_CHANGE_N_STATES
} SwcChangeState;

/* A set of states, for the questions that take several. */
#define SWC_CHANGE_STATES(s) (1u << (s))
#define SWC_CHANGE_STATES_WAITING                                                                  \
  (SWC_CHANGE_STATES (SWC_CHANGE_STATE_HELD) | SWC_CHANGE_STATES (SWC_CHANGE_STATE_PENDING) |      \
   SWC_CHANGE_STATES (SWC_CHANGE_STATE_SENDING))
#define SWC_CHANGE_STATES_REFUSED                                                                  \
  (SWC_CHANGE_STATES (SWC_CHANGE_STATE_FAILED) | SWC_CHANGE_STATES (SWC_CHANGE_STATE_CONFLICT))

/* What a queued change does; stored as its word (swc_change_kind_to_string). */
typedef enum
{
  SWC_CHANGE_KIND_CREATE,
  SWC_CHANGE_KIND_PATCH,
  SWC_CHANGE_KIND_DELETE,
  SWC_CHANGE_KIND_ACTION, /* a request to one of the backend's own endpoints (an account); no object
                             changes */
  SWC_CHANGE_KIND_MODERATE, /* the backend's moderation of a registration (swc-registration.c) */
  SWC_CHANGE_KIND_MERGE,    /* a source merged into a target (swc-merge-journal.c) */
  SWC_CHANGE_KIND_UNKNOWN,  /* a word this version does not know (a damaged store, or a newer
                               version's) */
} SwcChangeKind;

const char *swc_change_state_to_string (SwcChangeState state);
SwcChangeState swc_change_state_from_string (const char *text);
const char *swc_change_kind_to_string (SwcChangeKind kind);
SwcChangeKind swc_change_kind_from_string (const char *text);

typedef struct
{
  gint64 id;
  SwcChangeKind kind;
  char *schema;
  char *uuid;
  SwcChangeState state;
  char *label;
  char *error;
  char *created;
  gint attempts;
  char *name; /* the object's name as the store has it; NULL when it has none */
  char *what; /* what the change does, in a word or two ("approve", "merge"), translated */
} SwcChange;

typedef struct
{
  guint sent;
  guint failed;
  guint conflicts;
  guint waiting; /* still queued (held, offline, later) */
} SwcQueueStats;

SwcQueue *swc_queue_new (SwcStore *store, SwcSchemaSet *schemas);
void swc_queue_set_client (SwcQueue *self, SwcClient *client);

gint64 swc_queue_create (SwcQueue *self, const char *schema, JsonObject *object, guint hold_ms,
                         const char *label, GError **error);
gint64 swc_queue_patch (SwcQueue *self, const char *uuid, JsonObject *changes, guint hold_ms,
                        const char *label, GError **error);
gint64 swc_queue_delete (SwcQueue *self, const char *uuid, guint hold_ms, const char *label,
                         GError **error);
gint64 swc_queue_action (SwcQueue *self, const char *schema, const char *uuid, const char *path,
                         JsonObject *payload, guint hold_ms, const char *label, GError **error);
gboolean swc_queue_cancel (SwcQueue *self, gint64 id, GError **error);
guint swc_queue_retry (SwcQueue *self, gint64 id);
guint swc_queue_discard (SwcQueue *self, gint64 id);
gboolean swc_queue_get_conflict (SwcQueue *self, gint64 id, JsonObject **base, JsonObject **mine,
                                 JsonObject **theirs);
gboolean swc_queue_resolve (SwcQueue *self, gint64 id, JsonObject *result, GError **error);
void swc_queue_retry_now (SwcQueue *self);
gint64 swc_queue_next_due_ms (SwcQueue *self);
GPtrArray *swc_queue_list (SwcQueue *self, gboolean include_done);
void swc_queue_counts (SwcStore *store, guint counts[SWC_CHANGE_N_STATES]);
void swc_change_free (SwcChange *change);

void swc_queue_send_async (SwcQueue *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean swc_queue_send_finish (SwcQueue *self, GAsyncResult *result, SwcQueueStats *stats,
                                GError **error);

G_END_DECLS
