/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the package comparisons: duplicate pairs (step 2.2, swc-duplicate-pairs.c) and the
 * matches of a concept package (step 3.1, swc-concepts.c). */
#pragma once

#include "swc-duplicates.h"
#include "swc-store-db.h"

G_BEGIN_DECLS

#define SWC_DUPLICATE_THRESHOLD                                                                    \
  50 /* the score from which two packages are shown as likely the same */

typedef struct
{
  char *uuid;
  char *name;     /* as shown */
  char *key;      /* normalised */
  char *supplier; /* uuid */
  char *domain;
  char *version; /* updated, for dismissals */
} SwcPackage;

void _swc_package_free (SwcPackage *p);
GPtrArray *_swc_packages_load (sqlite3 *db, const char *schema, const char *supplier_field);
SwcDuplicateReason _swc_packages_compare (SwcPackage *a, SwcPackage *b);
guint _swc_duplicates_score (SwcDuplicateReason r);

G_END_DECLS
