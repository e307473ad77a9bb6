/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-schema.h"

G_BEGIN_DECLS

#define SWC_TYPE_SCHEMA_FORM (swc_schema_form_get_type ())
G_DECLARE_FINAL_TYPE (SwcSchemaForm, swc_schema_form, SWC, SCHEMA_FORM, AdwPreferencesGroup)

/* One row per property (text or a choice from the schema's enum), validated while typing. */
SwcSchemaForm *swc_schema_form_new (SwcSchema *schema, const char *const *properties,
                                    JsonObject *values);
JsonObject *swc_schema_form_get_changes (SwcSchemaForm *self);
gboolean swc_schema_form_get_valid (SwcSchemaForm *self);
void swc_schema_form_focus_first (SwcSchemaForm *self);
char *swc_schema_form_get_value (SwcSchemaForm *self, const char *property);
gboolean swc_schema_form_is_empty (SwcSchemaForm *self);
void swc_schema_form_set_optional (SwcSchemaForm *self, gboolean optional);
void swc_schema_form_clear (SwcSchemaForm *self);

G_END_DECLS
