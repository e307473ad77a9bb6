/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The merge planner and its journal, on a small store without a server: which value of each field
 * survives, what moves (per kind, an object pointing at two sources counted per source), the
 * blockers, the queued steps of an N-way plan, a step confirmed (the store re-pointed and
 * journalled) and its reversal. */
#include "config.h"

#include <string.h>

#include "swc-error.h"
#include "swc-merge.h"
#include "swc-test-store.h"
#include "swc-store-db.h"

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,11]}]}";
static const char schemas[] =
    "{\"results\":["
    "{\"id\":10,\"slug\":\"organisatie\",\"required\":[\"naam\"],"
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\"},\"website\":{\"type\":\"string\"},"
    "\"type\":{\"type\":\"string\"},"
    "  \"deelnemers\":{\"type\":\"array\",\"items\":{\"$ref\":\"organisatie\"}},"
    "  \"deelnames\":{\"type\":\"array\",\"items\":{\"$ref\":\"organisatie\"}}}},"
    "{\"id\":11,\"slug\":\"gebruik\",\"required\":[],"
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\"},"
    "  \"afnemer\":{\"type\":\"object\",\"$ref\":\"#/components/schemas/organisatie\"},"
    "  \"deelnemers\":{\"type\":\"array\",\"items\":{\"$ref\":\"organisatie\"}}}}]}";

#define TARGET "00000000-0000-4000-8000-00000000000t"
#define SRC_A "00000000-0000-4000-8000-00000000000a"
#define SRC_B "00000000-0000-4000-8000-00000000000b"
#define REGIO "00000000-0000-4000-8000-00000000000r"
#define OTHER "00000000-0000-4000-8000-00000000000o"

typedef struct
{
  char *dir;
  SwcStore *store;
  SwcSchemaSet *set;
  SwcQueue *queue;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("swc-merge-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = swc_store_open (path, NULL);
  f->set = swc_test_schemas (registers, schemas);
  f->queue = swc_queue_new (f->store, f->set);
  swc_test_apply (
      f->store, f->set, "organisatie",
      "{\"results\":["
      "{\"id\":\"" TARGET
      "\",\"naam\":\"Gemeente Doel\",\"type\":\"Gemeente\",\"deelnames\":[\"" REGIO "\"]},"
      "{\"id\":\"" SRC_A
      "\",\"naam\":\"Gemeente Aa\",\"type\":\"Gemeente\",\"website\":\"https://aa.nl\","
      "  \"deelnames\":[\"" REGIO "\",\"" OTHER "\"]},"
      "{\"id\":\"" SRC_B
      "\",\"naam\":\"Gemeente Bee\",\"type\":\"Gemeente\",\"website\":\"https://bee.nl\"},"
      "{\"id\":\"" OTHER
      "\",\"naam\":\"Samenwerking Oost\",\"type\":\"Samenwerking\",\"deelnemers\":[\"" SRC_A "\"]},"
      "{\"id\":\"" REGIO "\",\"naam\":\"Regio\",\"type\":\"Samenwerking\","
      "  \"deelnemers\":[\"" TARGET "\",\"" SRC_A "\"]}]}");
  swc_test_apply (f->store, f->set, "gebruik",
                  "{\"results\":["
                  "{\"id\":\"g1\",\"naam\":\"Gebruik 1\",\"afnemer\":\"" SRC_A "\"},"
                  "{\"id\":\"g2\",\"naam\":\"Gebruik 2\",\"afnemer\":\"" SRC_B "\"},"
                  "{\"id\":\"g3\",\"naam\":\"Gebruik 3\",\"afnemer\":\"" TARGET
                  "\",\"deelnemers\":[\"" SRC_A "\",\"" SRC_B "\"]}]}");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->queue);
  g_clear_object (&f->store);
  swc_schema_set_free (f->set);
  g_free (f->dir);
}

static const char *
string_of (JsonObject *o, const char *m)
{
  return json_object_has_member (o, m) ? json_object_get_string_member (o, m) : NULL;
}

static guint
array_len (JsonObject *o, const char *m)
{
  return json_object_has_member (o, m) ? json_array_get_length (json_object_get_array_member (o, m))
                                       : 0;
}

static SwcMergeMove *
find_move (GPtrArray *moves, const char *schema, const char *property)
{
  for (guint i = 0; i < moves->len; i++)
    {
      SwcMergeMove *m = g_ptr_array_index (moves, i);
      if (g_str_equal (m->schema, schema) && g_str_equal (m->property, property))
        return m;
    }
  return NULL;
}

static void
test_field_choice (Fixture *f, gconstpointer data)
{
  const char *sources[] = { SRC_A, SRC_B, NULL };
  g_autoptr(SwcMergePlan) plan = swc_merge_plan_new (f->store, f->set, sources, TARGET);
  g_autoptr(JsonObject) result = swc_merge_plan_result (plan);
  g_autoptr(JsonObject) chosen = NULL;

  g_assert_cmpuint (swc_merge_plan_n_records (plan), ==, 3);
  g_assert_cmpstr (swc_merge_plan_record_name (plan, 1), ==, "Gemeente Aa");
  /* the target's name; the first source's website where the target has none; memberships together
   */
  g_assert_cmpint (swc_merge_plan_get_choice (plan, "naam"), ==, 0);
  g_assert_cmpint (swc_merge_plan_get_choice (plan, "website"), ==, 1);
  g_assert_cmpint (swc_merge_plan_get_choice (plan, "deelnames"), ==, SWC_MERGE_UNION);
  g_assert_cmpstr (string_of (result, "naam"), ==, "Gemeente Doel");
  g_assert_cmpstr (string_of (result, "website"), ==, "https://aa.nl");
  g_assert_cmpuint (array_len (result, "deelnames"), ==, 2); /* Regio once, Oost */
  g_assert_true (swc_merge_plan_field_differs (plan, "naam"));
  g_assert_false (swc_merge_plan_field_differs (plan, "type"));
  swc_merge_plan_choose (plan, "website", 2);
  chosen = swc_merge_plan_result (plan);
  g_assert_cmpstr (string_of (chosen, "website"), ==, "https://bee.nl");
  g_assert_cmpuint (swc_merge_plan_blockers (plan)->len, ==, 0);
}

static void
test_moves (Fixture *f, gconstpointer data)
{
  const char *sources[] = { SRC_A, SRC_B, NULL };
  g_autoptr(SwcMergePlan) plan = swc_merge_plan_new (f->store, f->set, sources, TARGET);
  GPtrArray *moves = swc_merge_plan_moves (plan);
  SwcMergeMove *afnemer = find_move (moves, "gebruik", "afnemer");
  SwcMergeMove *deelnemers = find_move (moves, "gebruik", "deelnemers");
  SwcMergeMove *members = find_move (moves, "organisatie", "deelnemers");

  g_assert_nonnull (afnemer);
  g_assert_cmpuint (afnemer->objects->len, ==, 2);
  g_assert_cmpstr (((SwcMergeObject *) g_ptr_array_index (afnemer->objects, 0))->name, ==,
                   "Gebruik 1");
  /* one object, two sources: counted per source as the server does */
  g_assert_cmpuint (deelnemers->objects->len, ==, 1);
  g_assert_cmpint (deelnemers->references, ==, 2);
  g_assert_cmpuint (members->objects->len, ==, 2); /* Oost and Regio list A */
  /* the plan's own records are not moves: the target's and A's memberships are fields */
  g_assert_null (find_move (moves, "organisatie", "deelnames"));
  g_assert_cmpint (swc_merge_plan_total (plan), ==, 2 + 2 + 2);
}

static gboolean
blocked_with (SwcMergePlan *plan, const char *text)
{
  GPtrArray *b = swc_merge_plan_blockers (plan);

  for (guint i = 0; i < b->len; i++)
    if (strstr (((SwcMergeBlocker *) g_ptr_array_index (b, i))->message, text))
      return TRUE;
  return FALSE;
}

static void
test_blockers (Fixture *f, gconstpointer data)
{
  const char *self[] = { TARGET, NULL }, *collab[] = { OTHER, NULL }, *a[] = { SRC_A, NULL };
  g_autoptr(SwcMergePlan) p1 = swc_merge_plan_new (f->store, f->set, self, TARGET);
  g_autoptr(SwcMergePlan) p2 = swc_merge_plan_new (f->store, f->set, collab, TARGET);
  g_autoptr(SwcMergePlan) p3 = NULL, p4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *later = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 10);
  g_autofree char *until = g_date_time_format_iso8601 (soon);

  g_assert_true (blocked_with (p1, "both the one that remains"));
  g_assert_true (blocked_with (p2, "has members of its own"));
  g_assert_cmpint (swc_merge_execute (p2, f->queue, "reden", &error), ==, 0);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_INVALID);
  g_clear_error (&error);
  /* a source whose merge waits in the queue is not merged twice */
  p3 = swc_merge_plan_new (f->store, f->set, a, TARGET);
  g_assert_cmpint (swc_merge_execute (p3, f->queue, "  ", &error), ==,
                   0); /* a reason is required */
  g_assert_error (error, SWC_ERROR, SWC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (swc_merge_execute (p3, f->queue, "Herindeling", &error), >, 0);
  g_assert_no_error (error);
  p4 = swc_merge_plan_new (f->store, f->set, a, REGIO);
  g_assert_true (blocked_with (p4, "already been merged"));
  /* someone else's lock */
  later = g_strdup_printf (
      "{\"results\":[{\"id\":\"" SRC_B "\",\"naam\":\"Gemeente Bee\",\"type\":\"Gemeente\","
      "\"@self\":{\"updated\":\"2026-01-01T00:00:00Z\",\"locked\":{\"user\":\"jan\","
      "\"expiration\":\"%s\"}}}]}",
      until);
  swc_test_apply (f->store, f->set, "organisatie", later);
  {
    const char *b[] = { SRC_B, NULL };
    g_autoptr(SwcMergePlan) p5 = swc_merge_plan_new (f->store, f->set, b, TARGET);
    g_assert_true (blocked_with (p5, "locked by jan"));
  }
}

static GArray *
queued (SwcQueue *queue, const char *kind)
{
  g_autoptr(GPtrArray) list = swc_queue_list (queue, FALSE);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < list->len; i++)
    {
      SwcChange *c = g_ptr_array_index (list, i);
      if (c->kind == swc_change_kind_from_string (kind))
        g_array_append_val (ids, c->id);
    }
  return ids;
}

/* What the queue does when the server answered a merge step: state done, then the journal's part.
 */
static void
confirm_step (Fixture *f, gint64 id, const char *source)
{
  sqlite3 *db = swc_store_get_db (f->store);
  g_autofree char *sql =
      g_strdup_printf ("UPDATE queue SET state = 'done' WHERE id = %" G_GINT64_FORMAT, id);
  g_autoptr(JsonParser) p = json_parser_new ();
  sqlite3_stmt *s = NULL;

  sqlite3_prepare_v2 (db, "SELECT payload FROM queue WHERE id = ?", -1, &s, NULL);
  sqlite3_bind_int64 (s, 1, id);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  g_assert_true (
      json_parser_load_from_data (p, (const char *) sqlite3_column_text (s, 0), -1, NULL));
  sqlite3_finalize (s);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_exec (db, sql, NULL, NULL, NULL);
  _swc_merge_step_confirmed (f->queue, id, "organisatie", source, TARGET,
                             json_node_get_object (json_parser_get_root (p)), NULL, FALSE, NULL);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
}

static const char *
afnemer_of (SwcStore *store, const char *uuid, JsonObject **keep)
{
  *keep = swc_store_object (store, uuid);
  return string_of (*keep, "afnemer");
}

static void
test_journal_and_reversal (Fixture *f, gconstpointer data)
{
  const char *sources[] = { SRC_A, SRC_B, NULL };
  g_autoptr(SwcMergePlan) plan = swc_merge_plan_new (f->store, f->set, sources, TARGET);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) merges = NULL, creates = NULL, patches = NULL;
  g_autoptr(JsonObject) target = NULL, g1 = NULL, g1b = NULL, g3 = NULL, regio = NULL;
  g_autoptr(SwcMergeReversal) rev = NULL;
  g_autoptr(SwcMergeRecord) record = NULL;
  gint64 id = swc_merge_execute (plan, f->queue, "Herindeling 2026", &error);

  g_assert_no_error (error);
  merges = queued (f->queue, "merge");
  g_assert_cmpuint (merges->len, ==, 2);
  /* at once in the store: the sources gone, the target with the chosen values */
  g_assert_cmpint (swc_store_count (swc_store_get_db (f->store), "organisatie"), ==, 3);
  target = swc_store_object (f->store, TARGET);
  g_assert_cmpstr (string_of (target, "website"), ==, "https://aa.nl");
  record = swc_merge_record_get (f->store, id);
  g_assert_cmpint (record->state, ==, SWC_MERGE_RUNNING);
  g_clear_pointer (&record, swc_merge_record_free);

  confirm_step (f, g_array_index (merges, gint64, 0), SRC_A);
  confirm_step (f, g_array_index (merges, gint64, 1), SRC_B);
  g_assert_cmpstr (afnemer_of (f->store, "g1", &g1), ==, TARGET);
  g3 = swc_store_object (f->store, "g3");
  g_assert_cmpuint (array_len (g3, "deelnemers"), ==, 1); /* A and B became the target once */
  record = swc_merge_record_get (f->store, id);
  g_assert_cmpint (record->state, ==, SWC_MERGE_DONE);
  g_assert_cmpuint (record->steps_done, ==, 2);

  rev = swc_merge_reversal_new (f->store, f->set, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rev->recreate, ==, 2);
  g_assert_cmpuint (rev->problems->len, ==, 0);
  g_assert_nonnull (find_move (rev->moves, "gebruik", "afnemer"));
  g_assert_cmpuint (rev->target_fields->len, ==,
                    2); /* website, and the memberships (A was in Oost) */
  g_assert_true (swc_merge_reverse (f->store, f->queue, id, &error));
  g_assert_no_error (error);
  creates = queued (f->queue, "create");
  patches = queued (f->queue, "patch");
  g_assert_cmpuint (creates->len, ==, 2);
  g_assert_cmpuint (patches->len, >=, 4);
  /* the local view has it all back at once */
  g_assert_cmpstr (afnemer_of (f->store, "g1", &g1b), ==, SRC_A);
  g_clear_pointer (&g3, json_object_unref);
  g3 = swc_store_object (f->store, "g3");
  g_assert_cmpuint (array_len (g3, "deelnemers"), ==, 2);
  regio = swc_store_object (f->store, REGIO);
  g_assert_cmpuint (array_len (regio, "deelnemers"), ==, 2); /* it held both before: A comes back */
  g_assert_cmpint (swc_store_count (swc_store_get_db (f->store), "organisatie"), ==, 5);
  g_assert_false (swc_merge_reverse (f->store, f->queue, id, &error));
  g_assert_error (error, SWC_ERROR, SWC_ERROR_CONFLICT);
}

static void
test_new_target (Fixture *f, gconstpointer data)
{
  const char *sources[] = { SRC_A, SRC_B, NULL };
  g_autoptr(SwcMergePlan) plan = swc_merge_plan_new (f->store, f->set, sources, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) name = json_node_init_string (json_node_alloc (), "Gemeente Nieuwland");
  g_autoptr(GArray) creates = NULL, merges = NULL;
  g_autoptr(JsonObject) made = NULL;

  g_assert_true (swc_merge_plan_is_new_target (plan));
  g_assert_cmpint (swc_merge_plan_get_choice (plan, "naam"), ==, 1);
  swc_merge_plan_set_value (plan, "naam", name);
  g_assert_cmpint (swc_merge_execute (plan, f->queue, "Herindeling", &error), >, 0);
  g_assert_no_error (error);
  creates = queued (f->queue, "create");
  merges = queued (f->queue, "merge");
  g_assert_cmpuint (creates->len, ==, 1);
  g_assert_cmpuint (merges->len, ==, 2);
  g_assert_cmpint (g_array_index (creates, gint64, 0), <, g_array_index (merges, gint64, 0));
  made = swc_store_object (f->store, swc_merge_plan_get_target (plan));
  g_assert_cmpstr (string_of (made, "naam"), ==, "Gemeente Nieuwland");
  g_assert_cmpstr (string_of (made, "type"), ==, "Gemeente");
}

/* ---- names and labels, as a person reads them ---- */

static const char named_registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,11,12,13,14]}]}";
static const char named_schemas[] =
    "{\"results\":["
    "{\"id\":10,\"slug\":\"organisatie\",\"title\":\"Organisatie\","
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\",\"title\":\"Naam\"}}},"
    "{\"id\":11,\"slug\":\"module\",\"title\":\"Pakket\","
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\"},\"aanbieder\":{\"type\":\"object\","
    "\"$ref\":\"organisatie\","
    "  \"title\":\"Aanbieder\"},"
    " "
    " \"gebruik\":{\"type\":\"array\",\"title\":\"Omvat\",\"visible\":false,"
    "\"items\":{\"$ref\":\"gebruik\"}},"
    "  \"omvat\":{\"type\":\"array\",\"title\":\"Omvat\",\"items\":{\"$ref\":\"module\"}}}},"
    "{\"id\":12,\"slug\":\"gebruik\",\"title\":\"Gebruik\","
    "\"configuration\":{\"objectNameField\":\"afnemer\"},"
    " \"properties\":{\"afnemer\":{\"type\":\"object\",\"$ref\":\"organisatie\","
    "\"title\":\"Afnemer\"},"
    "  \"module\":{\"type\":\"object\",\"$ref\":\"module\"}}},"
    "{\"id\":13,\"slug\":\"contactpersoon\",\"title\":\"Contactpersoon\","
    " \"configuration\":{\"objectNameField\":\"achternaam\"},"
    "\"properties\":{\"voornaam\":{\"type\":\"string\"},"
    " "
    " \"achternaam\":{\"type\":\"string\"},\"organisatie\":{\"type\":\"object\","
    "\"$ref\":\"organisatie\","
    "  \"title\":\"Organisatie\"}}},"
    "{\"id\":14,\"slug\":\"koppeling\",\"title\":\"Koppeling\",\"properties\":{"
    " "
    " \"moduleA\":{\"type\":\"object\",\"$ref\":\"module\"},\"moduleB\":{\"type\":\"object\","
    "\"$ref\":\"module\"}}}]}";

#define PKG_1 "00000000-0000-4000-8000-0000000000p1"
#define PKG_2 "00000000-0000-4000-8000-0000000000p2"
#define USAGE "00000000-0000-4000-8000-0000000000g1"
#define PERSON "00000000-0000-4000-8000-0000000000c1"
#define LINK "00000000-0000-4000-8000-0000000000k1"

static gboolean
has_uuid (const char *text)
{
  g_autoptr(GRegex) re =
      g_regex_new ("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 0, 0, NULL);

  return g_regex_match (re, text, 0, NULL);
}

/* What moves is named (a usage by what it joins, a person by their name, never a uuid) and labelled
 * by the schemas' titles; the report uses the same labels; the backend's inverse lists are not
 * shown as fields. */
static void
test_names_and_labels (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-merge-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(SwcSchemaSet) set = swc_test_schemas (named_registers, named_schemas);
  g_autoptr(SwcQueue) queue = swc_queue_new (store, set);
  const char *sources[] = { SRC_A, NULL }, *packages[] = { PKG_2, NULL };
  g_autoptr(SwcMergePlan) plan = NULL, module_plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) merges = NULL;
  g_autofree char *link = NULL, *kind = NULL, *report = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(JsonObject) payload = json_object_new ();
  SwcMergeMove *usage, *people;
  gint64 id;

  g_assert_true (swc_store_save_schemas (store, named_registers, named_schemas));
  swc_test_apply (store, set, "organisatie",
                  "{\"results\":[{\"id\":\"" TARGET "\",\"naam\":\"Gemeente Doel\"},"
                  "{\"id\":\"" SRC_A "\",\"naam\":\"Gemeente Aa\"}]}");
  swc_test_apply (store, set, "module",
                  "{\"results\":[{\"id\":\"" PKG_1 "\",\"naam\":\"Zaaksysteem\","
                  "\"aanbieder\":\"" SRC_A "\"},{\"id\":\"" PKG_2
                  "\",\"naam\":\"Burgerportaal\"}]}");
  swc_test_apply (store, set, "gebruik",
                  "{\"results\":[{\"id\":\"" USAGE "\",\"afnemer\":\"" SRC_A "\","
                  "\"module\":\"" PKG_1 "\"}]}");
  swc_test_apply (store, set, "contactpersoon",
                  "{\"results\":[{\"id\":\"" PERSON "\",\"voornaam\":\"Joost\","
                  "\"achternaam\":\"Dijkstra\",\"organisatie\":\"" SRC_A "\"}]}");
  swc_test_apply (store, set, "koppeling",
                  "{\"results\":[{\"id\":\"" LINK "\",\"moduleA\":\"" PKG_1 "\","
                  "\"moduleB\":\"" PKG_2 "\"}]}");

  plan = swc_merge_plan_new (store, set, sources, TARGET);
  usage = find_move (swc_merge_plan_moves (plan), "gebruik", "afnemer");
  people = find_move (swc_merge_plan_moves (plan), "contactpersoon", "organisatie");
  g_assert_nonnull (usage);
  g_assert_nonnull (people);
  g_assert_cmpstr (((SwcMergeObject *) g_ptr_array_index (usage->objects, 0))->name, ==,
                   "Gemeente Aa uses Zaaksysteem");
  g_assert_cmpstr (((SwcMergeObject *) g_ptr_array_index (people->objects, 0))->name, ==,
                   "Joost Dijkstra");
  for (guint i = 0; i < swc_merge_plan_moves (plan)->len; i++)
    {
      SwcMergeMove *m = g_ptr_array_index (swc_merge_plan_moves (plan), i);
      for (guint j = 0; j < m->objects->len; j++)
        g_assert_false (has_uuid (((SwcMergeObject *) g_ptr_array_index (m->objects, j))->name));
    }
  kind = swc_merge_kind_label (set, "gebruik", "afnemer");
  g_assert_cmpstr (kind, ==, "Usage · Customer"); /* the app's own labels (English here, Dutch in a
                                                     Dutch session) */
  link = swc_merge_object_name (store, set, LINK);
  g_assert_cmpstr (link, ==, "Link: Zaaksysteem, Burgerportaal");

  /* a package's usages and links are the backend's inverse lists: one "Omvat" left to choose */
  module_plan = swc_merge_plan_new (store, set, packages, PKG_1);
  g_assert_false (swc_merge_plan_field_shown (module_plan, "gebruik"));
  g_assert_true (swc_merge_plan_field_shown (module_plan, "omvat"));

  /* the report: what the server moved, per kind, with the same labels */
  id = swc_merge_execute (plan, queue, "Herindeling", &error);
  g_assert_no_error (error);
  merges = queued (queue, "merge");
  g_assert_true (
      json_parser_load_from_data (p,
                                  "{\"actions\":{\"references\":["
                                  "{\"id\":\"" USAGE
                                  "\",\"schema\":\"gebruik\",\"properties\":[\"afnemer\"]},"
                                  "{\"id\":\"" PERSON
                                  "\",\"schema\":\"contactpersoon\",\"properties\":"
                                  "[\"organisatie\"]}]}}",
                                  -1, NULL));
  sqlite3_exec (swc_store_get_db (store), "BEGIN", NULL, NULL, NULL);
  sqlite3_exec (swc_store_get_db (store), "UPDATE queue SET state = 'done'", NULL, NULL, NULL);
  _swc_merge_step_confirmed (queue, g_array_index (merges, gint64, 0), "organisatie", SRC_A, TARGET,
                             payload, json_node_get_object (json_parser_get_root (p)), FALSE, NULL);
  sqlite3_exec (swc_store_get_db (store), "COMMIT", NULL, NULL, NULL);
  report = swc_merge_report_text (store, id);
  g_assert_nonnull (strstr (report, "Contact Person · Organisation 1, Usage · Customer 1"));
  g_assert_null (strstr (report, "gebruik.afnemer"));
  g_assert_false (has_uuid (report));
  g_clear_object (&queue);
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/merge/field-choice", Fixture, NULL, fixture_set_up, test_field_choice,
              fixture_tear_down);
  g_test_add ("/merge/moves", Fixture, NULL, fixture_set_up, test_moves, fixture_tear_down);
  g_test_add ("/merge/blockers", Fixture, NULL, fixture_set_up, test_blockers, fixture_tear_down);
  g_test_add ("/merge/journal-and-reversal", Fixture, NULL, fixture_set_up,
              test_journal_and_reversal, fixture_tear_down);
  g_test_add ("/merge/new-target", Fixture, NULL, fixture_set_up, test_new_target,
              fixture_tear_down);
  g_test_add_func ("/merge/names-and-labels", test_names_and_labels);
  return g_test_run ();
}
