/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-client.h"
#include "swc-store.h"

G_BEGIN_DECLS

#define SWC_TYPE_SYNC (swc_sync_get_type ())
G_DECLARE_FINAL_TYPE (SwcSync, swc_sync, SWC, SYNC, GObject)

typedef struct
{
  gint64 added;
  gint64 updated;
  gint64 deleted;
  gint64 objects; /* objects in the store afterwards */
  double seconds;
} SwcSyncStats;

SwcSync *swc_sync_new (SwcClient *client, SwcStore *store, SwcSchemaSet *schemas);
void swc_sync_set_page_size (SwcSync *self, guint full_page_size, guint delta_page_size);
void swc_sync_run_async (SwcSync *self, gboolean full, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data);
gboolean swc_sync_run_finish (SwcSync *self, GAsyncResult *result, SwcSyncStats *stats,
                              GError **error);

G_END_DECLS
