/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-store.h"

G_BEGIN_DECLS

typedef enum
{
  SWC_DUPLICATE_KVK = 1 << 0,    /* same KvK number */
  SWC_DUPLICATE_DOMAIN = 1 << 1, /* same website domain */
  SWC_DUPLICATE_NAME =
      1 << 2, /* the names are the same once legal forms and punctuation are gone */
  SWC_DUPLICATE_LIKE = 1 << 3,           /* the names share most of their words */
  SWC_DUPLICATE_SUPPLIER = 1 << 4,       /* packages: the same supplier */
  SWC_DUPLICATE_SUPPLIES = 1 << 5,       /* a supplier: it supplies a package like this one */
  SWC_DUPLICATE_OTHER_SUPPLIER = 1 << 6, /* packages: two different suppliers (counts against) */
} SwcDuplicateReason;

typedef struct
{
  char *uuid;
  char *name;
  guint score; /* 0 … 100 */
  SwcDuplicateReason reasons;
} SwcDuplicate;

char *swc_duplicates_normalise_name (const char *name);
char *swc_duplicates_domain (const char *website);
double swc_duplicates_word_overlap (const char *a, const char *b);
GPtrArray *swc_duplicates_for (SwcStore *store, const char *uuid, guint limit);
GPtrArray *swc_duplicates_like (SwcStore *store, const char *kvk, const char *website,
                                const char *name, guint limit);
void swc_duplicates_find_async (SwcStore *store, const char *uuid, const char *kvk,
                                const char *website, const char *name, guint limit,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
GPtrArray *swc_duplicates_find_finish (GAsyncResult *result, GError **error);
char *swc_duplicate_explain (const SwcDuplicate *duplicate);
void swc_duplicate_free (SwcDuplicate *duplicate);
void swc_duplicates_flagged_async (SwcStore *store, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
GHashTable *swc_duplicates_flagged_finish (GAsyncResult *result, GError **error);

/* Pairs of packages that are likely the same (step 2.2), best first; a pair marked "not a
 * duplicate" stays away until one of the two changes. Two packages of different suppliers with the
 * same name are shown, but scored low: most often they are two products that happen to share a
 * name. */
typedef struct
{
  char *a;
  char *b;
  char *a_name;
  char *b_name;
  char *a_supplier; /* the supplier's name, NULL when the package has none */
  char *b_supplier;
  guint score;
  SwcDuplicateReason reasons;
} SwcDuplicatePair;

void swc_duplicates_pairs_async (SwcStore *store, const char *schema, guint limit,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data);
GPtrArray *swc_duplicates_pairs_finish (GAsyncResult *result, GError **error);
gboolean swc_duplicates_dismiss (SwcStore *store, const char *a, const char *b);
void swc_duplicate_pair_free (SwcDuplicatePair *pair);

G_END_DECLS
