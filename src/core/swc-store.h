/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "swc-schema.h"

G_BEGIN_DECLS

#define SWC_TYPE_STORE (swc_store_get_type ())
G_DECLARE_FINAL_TYPE (SwcStore, swc_store, SWC, STORE, GObject)

typedef enum
{
  SWC_PAGE_FULL,  /* a page of a first (or --full) sync: remembered as done for resumption */
  SWC_PAGE_DELTA, /* a page of a delta sync, newest first */
  SWC_PAGE_IDS,   /* objects fetched by id after the id comparison */
} SwcPageKind;

typedef struct
{
  guint received; /* objects in the page */
  guint added;
  guint updated;
  guint unchanged;
  gint64 total; /* the server's total for the query */
  gint64 pages;
  char *oldest; /* owned: smallest @self.updated in the page */
  char *newest; /* owned: largest @self.updated in the page */
} SwcPageResult;

typedef struct
{
  char *schema;
  char *uuid;
  char *name;
} SwcSearchHit;

typedef struct
{
  char *schema;
  char *property;
  gint64 count;
} SwcRefCount;

SwcStore *swc_store_open (const char *path, GError **error);
const char *swc_store_get_path (SwcStore *self);
void swc_store_notify_changed (SwcStore *self, const char *schema);

char *swc_store_get_meta (SwcStore *self, const char *key);
void swc_store_set_meta (SwcStore *self, const char *key, const char *value);
gboolean swc_store_save_schemas (SwcStore *self, const char *registers, const char *schemas);
SwcSchemaSet *swc_store_load_schemas (SwcStore *self, GError **error);
gboolean swc_store_schemas_unchanged (SwcStore *self, const char *registers, const char *schemas);
gboolean swc_store_note_dialect (SwcStore *self, SwcDialect dialect);

void swc_page_result_clear (SwcPageResult *result);

void swc_store_begin_bulk_load (SwcStore *self);
char *swc_store_object_json (SwcStore *self, const char *uuid);
char *swc_store_object_schema (SwcStore *self, const char *uuid);
char *swc_store_object_name (SwcStore *self, const char *uuid);
JsonObject *swc_store_object (SwcStore *self, const char *uuid);
char *swc_store_fts_query (const char *query);

GPtrArray *swc_store_search (SwcStore *self, const char *query, guint limit, GError **error);
GPtrArray *swc_store_reference_counts (SwcStore *self, const char *const *targets,
                                       const char *const *excluded);
void swc_search_hit_free (SwcSearchHit *hit);
void swc_ref_count_free (SwcRefCount *count);

/* A damaged file (swc-store-repair.c): swc_store_open fails with SWC_ERROR_STORE_DAMAGED and the
 * reason in plain words; a read or write that meets damage later marks the open store. */
gboolean swc_store_is_damaged (SwcStore *self);
char *swc_store_dup_damage (SwcStore *self);
gboolean swc_store_check (SwcStore *self);
void swc_store_check_async (SwcStore *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer data);
gboolean swc_store_check_finish (SwcStore *self, GAsyncResult *result, GError **error);
gint swc_store_count_kept_changes (const char *path);
gboolean swc_store_rebuild (const char *path, char **report, GError **error);
void swc_store_count_kept_changes_async (const char *path, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer data);
gint swc_store_count_kept_changes_finish (GAsyncResult *result);
void swc_store_rebuild_async (const char *path, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer data);
char *swc_store_rebuild_finish (GAsyncResult *result, GError **error);

G_END_DECLS
