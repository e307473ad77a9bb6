/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "swc-catalogue.h"
#include "swc-store.h"

G_BEGIN_DECLS

#define SWC_TYPE_OBJECT (swc_object_get_type ())
G_DECLARE_FINAL_TYPE (SwcObject, swc_object, SWC, OBJECT, GObject)

const char *swc_object_get_uuid (SwcObject *self);
const char *swc_object_get_schema (SwcObject *self);
const char *swc_object_get_name (SwcObject *self);
gboolean swc_object_get_pending (SwcObject *self);
JsonObject *swc_object_get_json (SwcObject *self);
const char *swc_object_get_text (SwcObject *self);
const char *swc_object_get_string (SwcObject *self, const char *key);

#define SWC_TYPE_OBJECT_MODEL (swc_object_model_get_type ())
G_DECLARE_FINAL_TYPE (SwcObjectModel, swc_object_model, SWC, OBJECT_MODEL, GObject)

SwcObjectModel *swc_object_model_new (SwcStore *store, const SwcQuery *query);
void swc_object_model_set_search (SwcObjectModel *self, const char *text);
void swc_object_model_set_query (SwcObjectModel *self, const SwcQuery *query);
guint swc_object_model_get_cached_rows (SwcObjectModel *self);

G_END_DECLS
