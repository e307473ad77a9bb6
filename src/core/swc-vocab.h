/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Which backend the client talks to: OpenRegister v1.0 with the Dutch 2025 catalogue register, or
 * stackiq after the 2026 rename (English slugs, field names and stored values). Only the core
 * knows. */
typedef enum
{
  SWC_DIALECT_2025,
  SWC_DIALECT_2026,
} SwcDialect;

/* What a schema is, whatever the backend calls it ("organisatie", "organization"). */
typedef enum
{
  SWC_KIND_OTHER,
  SWC_KIND_ORGANISATION,
  SWC_KIND_CONTACT_PERSON,
  SWC_KIND_USAGE,
  SWC_KIND_APPLICATION,
  SWC_KIND_APPLICATION_VERSION,
  SWC_KIND_CONNECTION,
  SWC_KIND_SERVICE,
  SWC_KIND_PRODUCT,
  SWC_KIND_CONTRACT,
  SWC_KIND_COMPLIANCY,
  SWC_KIND_SECTOR,
  SWC_KIND_VULNERABILITY,
  SWC_KIND_ASSESSMENT,
  SWC_N_KINDS
} SwcKind;

/* Fields the app needs, by meaning. */
typedef enum
{
  SWC_FIELD_NAME,         /* organisatie/module naam | name */
  SWC_FIELD_PARTICIPANTS, /* samenwerking deelnemers | participants */
  SWC_FIELD_MEMBERSHIPS,  /* organisatie deelnames */
  SWC_FIELD_CONSUMER,     /* gebruik afnemer | consumer */
  SWC_FIELD_PROVIDER,     /* module aanbieder | provider */
  SWC_FIELD_DESCRIPTION,  /* beschrijvingKort | shortDescription */
  SWC_FIELD_LONG_DESCRIPTION,
  SWC_FIELD_TYPE,
  SWC_FIELD_STATUS,
  SWC_FIELD_ORGANISATION, /* a contact person's organisation */
  SWC_FIELD_CONTACT_PERSONS,
  SWC_FIELD_EMAIL,
  SWC_FIELD_WEBSITE,
  SWC_FIELD_PHONE,
  SWC_FIELD_KVK,
  SWC_FIELD_CBS,
  SWC_FIELD_FIRST_NAME,
  SWC_FIELD_INFIX,
  SWC_FIELD_LAST_NAME,
  SWC_FIELD_JOB_TITLE,
  SWC_FIELD_ROLES,
  SWC_FIELD_USERNAME,
  SWC_FIELD_LICENCE_TYPE,
  SWC_FIELD_REGISTERED_BY,
  SWC_FIELD_APPLICATION, /* a usage's application (module) */
  SWC_FIELD_MERGED_INTO,
  SWC_FIELD_REGISTRATION_STATUS,
  SWC_N_FIELDS
} SwcField;

typedef enum
{
  SWC_ORG_STATUS_NONE,  /* no status at all */
  SWC_ORG_STATUS_DRAFT, /* Concept | Draft: waits for review */
  SWC_ORG_STATUS_ACTIVE,
  SWC_ORG_STATUS_INACTIVE,
  SWC_ORG_STATUS_MERGED, /* samengevoegd | merged, with mergedInto */
  SWC_ORG_STATUS_OTHER,  /* a value outside the enum: shown as it is */
} SwcOrgStatus;

typedef enum
{
  SWC_ORG_TYPE_NONE,
  SWC_ORG_TYPE_MUNICIPALITY,
  SWC_ORG_TYPE_SUPPLIER,
  SWC_ORG_TYPE_COLLABORATION,
  SWC_ORG_TYPE_COMMUNITY,
  SWC_ORG_TYPE_OTHER,
} SwcOrgType;

typedef enum
{
  SWC_REGISTRATION_NONE, /* not a registration (2025, or an organisation an administrator added) */
  SWC_REGISTRATION_PENDING,
  SWC_REGISTRATION_ACTIVE,
  SWC_REGISTRATION_REJECTED,
} SwcRegistration;

/* The meanings, read from and written to objects as the local store holds them. */
SwcKind swc_kind_from_slug (const char *slug);
const char *swc_kind_slug (SwcKind kind);
const char *swc_field_key (SwcField field);
SwcOrgStatus swc_org_status (JsonObject *org);
SwcOrgType swc_org_type (JsonObject *org);
SwcRegistration swc_org_registration (JsonObject *org);
SwcOrgType swc_org_type_from_value (const char *value);
const char *swc_org_status_value (SwcOrgStatus status);
const char *swc_org_type_value (SwcOrgType type);
gboolean swc_org_type_offers (SwcOrgType type);

/* The boundary: the backend's words in (schemas, objects from the server) and out (what the queue
 * sends). */
const char *swc_vocab_register_in (SwcDialect dialect, const char *slug);
const char *swc_vocab_register_out (SwcDialect dialect, const char *slug);
const char *swc_vocab_slug_in (SwcDialect dialect, const char *slug);
const char *swc_vocab_slug_out (SwcDialect dialect, const char *slug);
const char *swc_vocab_property_in (SwcDialect dialect, const char *slug, const char *property);
const char *swc_vocab_property_out (SwcDialect dialect, const char *slug, const char *property);
const char *swc_vocab_value_in (SwcDialect dialect, const char *slug, const char *property,
                                const char *value);
const char *swc_vocab_value_out (SwcDialect dialect, const char *slug, const char *property,
                                 const char *value);
gboolean swc_vocab_has_values (const char *slug, const char *property);
void swc_vocab_object_in (SwcDialect dialect, const char *slug, JsonObject *object);
void swc_vocab_object_out (SwcDialect dialect, const char *slug, JsonObject *object);
void swc_vocab_schema_in (SwcDialect dialect, JsonObject *schema);
const char *swc_dialect_name (SwcDialect dialect);

G_END_DECLS
