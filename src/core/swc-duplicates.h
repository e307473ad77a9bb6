/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-store.h"

G_BEGIN_DECLS

typedef enum
{
  SWC_DUPLICATE_KVK    = 1 << 0,  /* same KvK number */
  SWC_DUPLICATE_DOMAIN = 1 << 1,  /* same website domain */
  SWC_DUPLICATE_NAME   = 1 << 2,  /* the names are the same once legal forms and punctuation are gone */
  SWC_DUPLICATE_LIKE   = 1 << 3,  /* the names share most of their words */
} SwcDuplicateReason;

typedef struct
{
  char              *uuid;
  char              *name;
  guint              score;    /* 0 … 100 */
  SwcDuplicateReason reasons;
} SwcDuplicate;

char      *swc_duplicates_normalise_name (const char *name);
char      *swc_duplicates_domain         (const char *website);
GPtrArray *swc_duplicates_for            (SwcStore *store, const char *uuid, guint limit);
GPtrArray *swc_duplicates_like           (SwcStore *store, const char *kvk, const char *website, const char *name,
                                          guint limit);
void       swc_duplicates_find_async     (SwcStore *store, const char *uuid, const char *kvk, const char *website,
                                          const char *name, guint limit, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *swc_duplicates_find_finish    (GAsyncResult *result, GError **error);
char      *swc_duplicate_explain         (const SwcDuplicate *duplicate);
void       swc_duplicate_free            (SwcDuplicate *duplicate);
void       swc_duplicates_flagged_async  (SwcStore *store, GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data);
GHashTable *swc_duplicates_flagged_finish (GAsyncResult *result, GError **error);

G_END_DECLS
