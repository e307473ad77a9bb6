/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-schema.h"

G_BEGIN_DECLS

gboolean swc_validate_object (SwcSchema *schema, JsonObject *object, JsonObject *changed,
                              GError **error);
char *swc_validate_value (SwcSchema *schema, const char *property, JsonNode *value);
char *swc_validate_describe (SwcSchema *schema, const char *property, const char *problem);

G_END_DECLS
