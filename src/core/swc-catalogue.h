/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Typed questions about the catalogue, answered by the core from the local store. Above the core
 * (src/ui, src/cmd) code asks in meanings (swc-vocab.h) and gets list models, objects and plain
 * values back; the core turns a question into SQL in the store's words. */
#pragma once

#include "swc-store.h"
#include "swc-vocab.h"

G_BEGIN_DECLS

typedef enum
{
  SWC_ORDER_NAME, /* by name, without case (the default) */
  SWC_ORDER_NAME_DESC,
  SWC_ORDER_CREATED, /* oldest first: the order they came in */
} SwcOrder;

typedef enum
{
  SWC_SUBSET_ALL,
  SWC_SUBSET_WAITING,          /* organisations whose registration waits for review */
  SWC_SUBSET_CONCEPT_PACKAGES, /* applications offered by an organisation that waits for review */
} SwcSubset;

/* A question for a list (swc_object_model_new): the records of one kind, narrowed. Zero is "any"
 * for each narrowing field, so a designated initialiser names only what it narrows. */
typedef struct
{
  SwcKind kind;
  SwcSubset subset;
  SwcOrgType org_type;     /* SWC_ORG_TYPE_NONE: any type */
  SwcOrgStatus org_status; /* SWC_ORG_STATUS_NONE: any status */
  const char *type_value;  /* a type as the core handed it out (swc_schema_enum): NULL for any */
  const char
      *status_value; /* a status as the core handed it out, compared without case: NULL for any */
  gboolean in_use;   /* only the records a usage refers to */
  SwcOrder order;
} SwcQuery;

typedef struct
{
  char *uuid;
  char *name;
  char *email; /* nullable */
} SwcContact;

typedef struct
{
  char *schema;
  gint64 count;
} SwcKindCount;

GStrv swc_field_keys (const SwcField *fields, gsize n_fields);
const char *swc_field_string (JsonObject *object, SwcField field);
gboolean swc_org_is_waiting (JsonObject *org);
SwcKind swc_object_kind (SwcStore *store, const char *uuid);

GPtrArray *swc_catalogue_contact_persons (SwcStore *store, const char *organisation);
void swc_contact_free (SwcContact *contact);
GPtrArray *swc_catalogue_counts (SwcStore *store);
gint64 swc_catalogue_count (SwcStore *store, SwcKind kind);
void swc_kind_count_free (SwcKindCount *count);

/* For the core: the question as SQL over the objects table (condition nullable) and its ORDER BY.
 */
void _swc_query_sql (const SwcQuery *query, char **condition, char **order);

G_END_DECLS
