/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For tests: schemas from inline JSON, and pages of objects applied to a store the way a sync does.
 */
#pragma once

#include <string.h>

#include "swc-store-db.h"

static inline SwcSchemaSet *
swc_test_schemas (const char *registers, const char *schemas)
{
  g_autoptr(JsonParser) pr = json_parser_new (), ps = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SwcSchemaSet *set;

  g_assert_true (json_parser_load_from_data (pr, registers, -1, NULL));
  g_assert_true (json_parser_load_from_data (ps, schemas, -1, NULL));
  set = swc_schema_set_new_from_json (json_parser_get_root (pr), json_parser_get_root (ps), &error);
  g_assert_no_error (error);
  return set;
}

static inline void
swc_test_apply (SwcStore *store, SwcSchemaSet *set, const char *schema, const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GError) error = NULL;
  SwcPageResult r = { 0 };

  swc_store_apply_page (swc_store_get_db (store), swc_schema_set_lookup (set, schema), bytes,
                        SWC_PAGE_FULL, 1, &r, &error);
  g_assert_no_error (error);
  swc_page_result_clear (&r);
}
