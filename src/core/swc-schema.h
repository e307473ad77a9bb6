/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "swc-labels.h"

G_BEGIN_DECLS

/* Which field names the backend's schemas use: the 2025 Dutch ones or the 2026 English ones. */
typedef enum
{
  SWC_VOCABULARY_2025,
  SWC_VOCABULARY_2026,
} SwcVocabulary;

/* Fields the app needs, by meaning; swc_schema_set_field() gives the name per vocabulary. */
typedef enum
{
  SWC_FIELD_NAME,          /* organisatie/module naam | name */
  SWC_FIELD_PARTICIPANTS,  /* samenwerking deelnemers | participants */
  SWC_FIELD_MEMBERSHIPS,   /* organisatie deelnames */
  SWC_FIELD_CONSUMER,      /* gebruik afnemer | consumer */
  SWC_FIELD_PROVIDER,      /* module aanbieder | provider */
  SWC_FIELD_DESCRIPTION,   /* beschrijvingKort | shortDescription */
} SwcField;

typedef struct
{
  char    *property;  /* the property that holds the reference */
  char    *target;    /* slug of the schema it points at */
  gboolean many;      /* an array of references */
} SwcRef;

typedef struct
{
  char       *slug;
  gint64      id;
  char       *register_slug;
  gint64      register_id;
  JsonObject *json;        /* owned: the schema as the server gave it */
  JsonObject *properties;  /* borrowed from json */
  GPtrArray  *refs;        /* SwcRef*, owned */
  GHashTable *required;    /* set of property names */
  gboolean    hard_validation;
  char       *name_field;  /* nullable */
} SwcSchema;

typedef struct
{
  GPtrArray    *schemas;  /* SwcSchema*, owned */
  GHashTable   *by_slug;  /* borrowed values */
  SwcVocabulary vocabulary;
  char         *catalogue_register; /* "voorzieningen" or "softwarecatalog" */
} SwcSchemaSet;

SwcSchemaSet *swc_schema_set_new_from_json (JsonNode *registers, JsonNode *schemas, GError **error);
void          swc_schema_set_free          (SwcSchemaSet *set);
SwcSchema    *swc_schema_set_lookup        (SwcSchemaSet *set, const char *slug);
const char   *swc_schema_set_field         (SwcSchemaSet *set, SwcField field);
JsonObject   *swc_schema_property          (SwcSchema *schema, const char *name);
const char   *swc_schema_label             (SwcSchema *schema);
const char   *swc_schema_property_label    (SwcSchema *schema, const char *property);
GStrv         swc_schema_enum              (SwcSchema *schema, const char *property);
GStrv         swc_json_strings             (JsonObject *object, const char *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwcSchemaSet, swc_schema_set_free)

G_END_DECLS
