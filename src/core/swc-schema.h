/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "swc-labels.h"
#include "swc-vocab.h"

G_BEGIN_DECLS

typedef struct
{
  char *property; /* the property that holds the reference */
  char *target;   /* slug of the schema it points at */
  gboolean many;  /* an array of references */
} SwcRef;

typedef struct
{
  char *slug;        /* the store's name (2025 words) */
  char *server_slug; /* the backend's */
  gint64 id;
  char *register_slug;
  gint64 register_id;
  JsonObject *json;       /* owned: the schema as the server gave it */
  JsonObject *properties; /* borrowed from json */
  GPtrArray *refs;        /* SwcRef*, owned */
  GHashTable *required;   /* set of property names */
  gboolean hard_validation;
  char *name_field; /* nullable */
} SwcSchema;

typedef struct
{
  GPtrArray *schemas;       /* SwcSchema*, owned */
  GHashTable *by_slug;      /* borrowed values */
  SwcDialect dialect;       /* the backend's words; the schemas here are in the store's */
  char *catalogue_register; /* "voorzieningen" (the store's name) or "softwarecatalog" */
} SwcSchemaSet;

SwcSchemaSet *swc_schema_set_new_from_json (JsonNode *registers, JsonNode *schemas, GError **error);
void swc_schema_set_free (SwcSchemaSet *set);
SwcSchema *swc_schema_set_lookup (SwcSchemaSet *set, const char *slug);
const char *swc_schema_set_field (SwcSchemaSet *set, SwcField field);
JsonObject *swc_schema_property (SwcSchema *schema, const char *name);
const char *swc_schema_label (SwcSchema *schema);
const char *swc_schema_property_label (SwcSchema *schema, const char *property);
GStrv swc_schema_enum (SwcSchema *schema, const char *property);
GStrv swc_json_strings (JsonObject *object, const char *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwcSchemaSet, swc_schema_set_free)

G_END_DECLS
