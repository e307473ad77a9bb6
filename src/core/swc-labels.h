/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *swc_labels_schema (const char *schema, const char *fallback);
const char *swc_labels_property (const char *schema, const char *property, const char *fallback);
const char *swc_labels_value (const char *value);

G_END_DECLS
