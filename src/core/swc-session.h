/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-client.h"
#include "swc-queue.h"
#include "swc-store.h"
#include "swc-sync.h"

G_BEGIN_DECLS

#define SWC_TYPE_SESSION (swc_session_get_type ())
G_DECLARE_FINAL_TYPE (SwcSession, swc_session, SWC, SESSION, GObject)

/* One server and user: the connection, the local store, the schemas, the sync and the change queue.
 * Property "offline": a request found no server; the session asks it again with backoff and, when
 * it answers, sends what waits and syncs by itself. Signal "queue-changed" (gint64 entry id): an
 * entry was added, sent, refused or cancelled — also for account actions, which change no object
 * and so no list (the store's "changed" says which objects changed). */
SwcSession *swc_session_open (const char *server, const char *user, const char *password,
                              const char *data_dir, GError **error);
const char *swc_session_get_server (SwcSession *self);
const char *swc_session_get_user (SwcSession *self);
SwcStore *swc_session_get_store (SwcSession *self);
SwcClient *swc_session_get_client (SwcSession *self);
SwcQueue *swc_session_get_queue (SwcSession *self);
SwcSchemaSet *swc_session_get_schemas (SwcSession *self);
gboolean swc_session_has_data (SwcSession *self);
gboolean swc_session_get_syncing (SwcSession *self);
double swc_session_get_progress (SwcSession *self);
const char *swc_session_get_last_sync (SwcSession *self);
gboolean swc_session_get_offline (SwcSession *self);

void swc_session_send_later (SwcSession *self, guint delay_ms);
void swc_session_retry_now (SwcSession *self);
char *swc_session_dup_app_path (SwcSession *self);
void swc_session_sync_async (SwcSession *self, gboolean full, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
gboolean swc_session_sync_finish (SwcSession *self, GAsyncResult *result, SwcSyncStats *stats,
                                  GError **error);

G_END_DECLS
