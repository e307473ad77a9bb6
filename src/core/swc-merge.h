/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-client.h"
#include "swc-queue.h"
#include "swc-store.h"

G_BEGIN_DECLS

/* One kind of reference that a merge re-points: objects of `schema` whose `property` names a
 * source. */
typedef struct
{
  char *schema;
  char *property;
  GPtrArray *objects; /* SwcMergeObject*: uuid and name, sorted by name */
  gint64 references;  /* (object, source) pairs: an object pointing at two sources counts twice */
  gint64 server;      /* the server's count of the same pairs after swc_merge_check; -1 before */
} SwcMergeMove;

typedef struct
{
  char *uuid;
  char *name;
} SwcMergeObject;

/* Why a plan cannot be carried out, and what to do about it. */
typedef struct
{
  char *uuid; /* the record it is about (NULL: the plan) */
  char *message;
  char *fix;
} SwcMergeBlocker;

/* What a backend that merges organisations itself says its merge will move (its dry run), per kind.
 */
typedef struct
{
  char *key;   /* the server's name for it */
  char *label; /* in the user's words */
  gint64 count;
} SwcMergeCount;

/* Where a field's value in the result comes from: SWC_MERGE_UNION, the references of every record
 * together (memberships, lists of links). */
#define SWC_MERGE_UNION (-1)

typedef struct _SwcMergePlan SwcMergePlan;

SwcMergePlan *swc_merge_plan_new (SwcStore *store, SwcSchemaSet *schemas,
                                  const char *const *sources, const char *target);
#define SWC_TYPE_MERGE_PLAN (swc_merge_plan_get_type ())
GType swc_merge_plan_get_type (void) G_GNUC_CONST;
SwcMergePlan *swc_merge_plan_ref (SwcMergePlan *plan);
void swc_merge_plan_unref (SwcMergePlan *plan);
const char *swc_merge_plan_get_schema (SwcMergePlan *plan);
const char *swc_merge_plan_get_target (SwcMergePlan *plan);
gboolean swc_merge_plan_is_new_target (SwcMergePlan *plan);
guint swc_merge_plan_n_records (SwcMergePlan *plan);
const char *swc_merge_plan_record_uuid (SwcMergePlan *plan, guint column);
const char *swc_merge_plan_record_name (SwcMergePlan *plan, guint column);
JsonObject *swc_merge_plan_record (SwcMergePlan *plan, guint column);
GPtrArray *swc_merge_plan_fields (SwcMergePlan *plan);
gboolean swc_merge_plan_field_differs (SwcMergePlan *plan, const char *field);
gint swc_merge_plan_get_choice (SwcMergePlan *plan, const char *field);
void swc_merge_plan_choose (SwcMergePlan *plan, const char *field, gint column);
void swc_merge_plan_set_value (SwcMergePlan *plan, const char *field, JsonNode *value);
JsonObject *swc_merge_plan_result (SwcMergePlan *plan);
GPtrArray *swc_merge_plan_moves (SwcMergePlan *plan);
gint64 swc_merge_plan_total (SwcMergePlan *plan);
GPtrArray *swc_merge_plan_blockers (SwcMergePlan *plan);
GPtrArray *swc_merge_plan_app_counts (SwcMergePlan *plan);
GPtrArray *swc_merge_plan_differences (SwcMergePlan *plan);
gboolean swc_merge_plan_field_shown (SwcMergePlan *plan, const char *field);

/* What a person reads for a kind of record, a field and a kind of reference ("Gebruik · Afnemer"):
 * the one place the merge view, the dry run and the report take their labels from. */
const char *swc_merge_schema_label (SwcSchemaSet *schemas, const char *schema);
const char *swc_merge_field_label (SwcSchemaSet *schemas, const char *schema, const char *property);
char *swc_merge_kind_label (SwcSchemaSet *schemas, const char *schema, const char *property);

/* An object as a person calls it: its name, or for one without a name of its own (a usage, a link)
 * what it joins ("Gemeente X uses Pakket Y"); never its uuid. schemas may be NULL. */
char *swc_merge_object_name (SwcStore *store, SwcSchemaSet *schemas, const char *uuid);

/* Asks the server to count, per kind of reference, what points at the sources now (property
 * filters, since `…/used` counts one page only); afterwards each move's `server` is set and the
 * differences can be read. */
void swc_merge_check_async (SwcMergePlan *plan, SwcClient *client, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
gboolean swc_merge_check_finish (SwcMergePlan *plan, GAsyncResult *result, GError **error);
gboolean swc_merge_plan_checked (SwcMergePlan *plan);

/* Journals the plan and queues its steps (a create for a new target, then one merge per source), in
 * one transaction; returns the merge's id in the history. */
gint64 swc_merge_execute (SwcMergePlan *plan, SwcQueue *queue, const char *reason, GError **error);

/* ---- the history ---- */

typedef enum
{
  SWC_MERGE_RUNNING, /* steps wait in the queue */
  SWC_MERGE_DONE,
  SWC_MERGE_FAILED,    /* a step was refused */
  SWC_MERGE_REVERSING, /* its reversal waits in the queue */
  SWC_MERGE_REVERSED,
} SwcMergeState;

typedef struct
{
  gint64 id;
  char *schema;
  char *created;
  char *reason;
  char *target;
  char *target_name;
  GStrv source_names;
  SwcMergeState state;
  guint steps;
  guint steps_done;
  gint64 references; /* moved, by the server's reports */
  char *error;       /* the first refused step's reason */
} SwcMergeRecord;

GPtrArray *swc_merge_history (SwcStore *store, const char *schema);
SwcMergeRecord *swc_merge_record_get (SwcStore *store, gint64 id);
void swc_merge_record_free (SwcMergeRecord *record);
char *swc_merge_report_text (SwcStore *store, gint64 id);

/* ---- reversal ---- */

typedef struct
{
  guint recreate;           /* sources to create again */
  GPtrArray *moves;         /* SwcMergeMove*: references to point back at their source */
  GPtrArray *target_fields; /* char*: fields of the target set back */
  gboolean delete_target;   /* the target was made by the merge */
  GPtrArray *problems;      /* char*: what changed since the merge and will not be reversed */
} SwcMergeReversal;

SwcMergeReversal *swc_merge_reversal_new (SwcStore *store, SwcSchemaSet *schemas, gint64 id,
                                          GError **error);
void swc_merge_reversal_free (SwcMergeReversal *reversal);
gboolean swc_merge_reverse (SwcStore *store, SwcQueue *queue, gint64 id, GError **error);

/* Called by the queue when the server confirmed a merge step (report may be NULL: confirmed by a
 * check after a restart); applies the step to the store and journals it. Inside the queue's
 * transaction. tombstone: the backend's app merged it (the source stays as a tombstone;
 * swc-merge-app.c); leftovers: then the objects that still point at the source (a set of uuids;
 * NULL: not known, all of them). */
void _swc_merge_step_confirmed (SwcQueue *queue, gint64 queue_id, const char *schema,
                                const char *source, const char *target, JsonObject *payload,
                                JsonObject *report, gboolean tombstone, GHashTable *leftovers);

void swc_merge_move_free (SwcMergeMove *move);
void swc_merge_blocker_free (SwcMergeBlocker *blocker);
void swc_merge_count_free (SwcMergeCount *count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwcMergePlan, swc_merge_plan_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwcMergeReversal, swc_merge_reversal_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwcMergeRecord, swc_merge_record_free)

G_END_DECLS
