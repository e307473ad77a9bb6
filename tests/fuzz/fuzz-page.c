/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: whatever bytes a server sends as a list answer go through the decoding the sync does
 * — the strict scan of the page (swc_page_scan), each object's members, strings and arrays,
 * whole-answer validation (swc_json_valid) — and into a store (swc_store_apply_page: preparing
 * names, references and search text, writing in one transaction). Nothing may crash, hang or leak,
 * and a refused page writes nothing. The first byte picks the vocabulary: the 2025 Dutch schema or
 * the 2026 English one.
 *
 * Built with libFuzzer (clang, -Dfuzzing=true: `build-aux/dev fuzz`), and as fuzz-replay in every
 * build, which runs the seeds and every input that once failed (tests/fuzz/corpus,
 * tests/fuzz/regressions). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "swc-page.h"
#include "swc-schema.h"
#include "swc-store.h"
#include "swc-store-db.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,11]}]}";
static const char schemas[] =
    "{\"results\":["
    "{\"id\":10,\"slug\":\"organisatie\",\"configuration\":{\"objectNameField\":\"naam\"},"
    "\"properties\":{"
    "\"naam\":{\"type\":\"string\"},\"status\":{\"type\":\"string\"},"
    "\"website\":{\"type\":\"string\"},"
    "\"deelnames\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/organisatie\"}},"
    "\"contactpersonen\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}},"
    "{\"id\":11,\"slug\":\"organization\",\"configuration\":{\"objectNameField\":\"name\"},"
    "\"properties\":{"
    "\"name\":{\"type\":\"string\"},\"status\":{\"type\":\"string\"},"
    "\"participations\":{\"type\":\"array\","
    "\"items\":{\"$ref\":\"#/components/schemas/organization\"}},"
    "\"parent\":{\"type\":\"string\",\"$ref\":\"#/components/schemas/organization\"}}}]}";

typedef struct
{
  char *dir;
  SwcStore *store;
  SwcSchemaSet *set;
} Fixture;

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  if (!json_parser_load_from_data (p, text, -1, NULL))
    g_error ("fixture JSON");
  return json_node_copy (json_parser_get_root (p));
}

static Fixture *
fixture (void)
{
  static Fixture f;

  if (f.store == NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) r = parse (registers), s = parse (schemas);
      f.dir = g_dir_make_tmp ("swc-fuzz-XXXXXX", NULL);
      path = g_build_filename (f.dir, "store.db", NULL);
      f.store = swc_store_open (path, NULL);
      f.set = swc_schema_set_new_from_json (r, s, NULL);
      if (f.store == NULL || f.set == NULL)
        g_error ("fixture store");
    }
  return &f;
}

static void
decode_objects (const char *text, SwcPage *page)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (SwcMember));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < page->objects->len; i++)
    {
      SwcSlice *s = &g_array_index (page->objects, SwcSlice, i);
      if (!swc_json_valid (text + s->offset, s->length) ||
          !swc_json_members (text + s->offset, s->length, members))
        g_error ("an object the page scan accepted is not one");
      for (guint m = 0; m < members->len; m++)
        {
          const SwcMember *member = &g_array_index (members, SwcMember, m);
          g_free (swc_json_string (member->value, member->value_len));
          swc_json_array_strings (member->value, member->value_len, strings);
        }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  Fixture *f = fixture ();
  const char *text = (const char *) data + (size > 0);
  gsize length = size > 0 ? size - 1 : 0;
  SwcSchema *schema =
      swc_schema_set_lookup (f->set, size > 0 && (data[0] & 1) ? "organization" : "organisatie");
  g_autoptr(GBytes) body = g_bytes_new (text, length);
  SwcPage page = { 0 };
  SwcPageResult result = { 0 };
  gint64 before = swc_store_count (swc_store_get_db (f->store), NULL);
  gboolean scanned = swc_page_scan (text, length, &page, NULL);

  swc_json_valid (text, length);
  if (scanned)
    decode_objects (text, &page);
  swc_page_clear (&page);
  if (!swc_store_apply_page (swc_store_get_db (f->store), schema, body, SWC_PAGE_DELTA, 0, &result,
                             NULL) &&
      swc_store_count (swc_store_get_db (f->store), NULL) != before)
    g_error ("a refused page changed the store");
  swc_page_result_clear (&result);
  return 0;
}
