/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-merge.h"
#include "swc-store-db.h"

G_BEGIN_DECLS

struct _SwcMergePlan
{
  gint ref;
  SwcStore *store;       /* owned */
  SwcSchemaSet *schemas; /* borrowed */
  SwcSchema *schema;     /* borrowed; NULL when the records are unknown */
  char *target;
  gboolean new_target;
  GPtrArray *uuids;        /* char*: column 0 the target, then the sources */
  GPtrArray *names;        /* char* */
  GPtrArray *records;      /* JsonObject*: each record as the store has it ({} for a new target) */
  GPtrArray *fields;       /* char*: the fields shown, in the schema's order */
  GHashTable *choices;     /* field -> column (SWC_MERGE_UNION: all together) */
  GHashTable *values;      /* field -> JsonNode*: typed by the user */
  GPtrArray *moves;        /* SwcMergeMove* */
  GPtrArray *blockers;     /* SwcMergeBlocker* */
  GPtrArray *app_blockers; /* SwcMergeBlocker*: what that backend's dry run refused (kept by every
                              new look) */
  GPtrArray
      *app_counts; /* SwcMergeCount*: what a backend that merges organisations itself will move */
  gboolean checked;
};

SwcMergeMove *_swc_merge_move_new (const char *schema, const char *property);
void _swc_merge_move_add (SwcMergeMove *move, const char *uuid, const char *name);
gboolean _swc_merge_value_empty (JsonNode *node);
gboolean _swc_merge_values_equal (JsonNode *a, JsonNode *b);
JsonNode *_swc_merge_parse (const char *text);
JsonObject *_swc_merge_parse_object (const char *text);
const char *_swc_merge_ref_string (JsonNode *node);
gboolean _swc_merge_points_at (JsonNode *value, const char *uuid);
GPtrArray *_swc_merge_find_moves (SwcMergePlan *plan);
void _swc_merge_find_blockers (SwcMergePlan *plan);
gboolean _swc_merge_replace_ref (JsonObject *object, const char *property, const char *from,
                                 const char *to);
char *_swc_merge_referrers_path (SwcClient *client, SwcSchema *schema, const char *property,
                                 const char *uuid, guint limit);

/* swc-merge-app.c: the 2026 backend's own organisation merge */
gboolean _swc_merge_via_app (SwcClient *client, SwcSchemaSet *schemas, const char *schema);
char *_swc_merge_app_path (const char *source, gboolean dry_run);
JsonNode *_swc_merge_app_body (const char *target);
JsonObject *_swc_merge_tombstone (JsonObject *before, const char *target);
gboolean _swc_merge_is_tombstone_of (JsonObject *source, const char *target);
void _swc_merge_app_blocker (const char *type, const char *server_message, char **message,
                             const char **fix);
const char *_swc_merge_app_count_label (const char *key);

G_END_DECLS
