/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-duplicates.h"

G_BEGIN_DECLS

char *swc_concept_packages_condition (void);

typedef struct
{
  GPtrArray *packages;  /* SwcDuplicate: packages like the concept package, best first */
  GPtrArray *suppliers; /* SwcDuplicate: active suppliers it may be handed over to, best first */
} SwcConceptMatches;

void swc_concept_matches_async (SwcStore *store, const char *uuid, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
SwcConceptMatches *swc_concept_matches_finish (GAsyncResult *result, GError **error);
void swc_concept_matches_free (SwcConceptMatches *matches);
guint swc_concept_usage_count (SwcStore *store, const char *uuid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwcConceptMatches, swc_concept_matches_free)

G_END_DECLS
