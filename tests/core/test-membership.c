/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Membership of a collaboration on both sides: the members are the union of the collaboration's
 * participants and the organisations that list it among their memberships; adding and removing
 * queue both sides, applied locally at once, and nothing when a side is already right. */
#include "config.h"

#include <string.h>

#include "swc-membership.h"
#include "swc-test-store.h"

static const char registers[] =
    "{\"results\":[{\"id\":3,\"slug\":\"voorzieningen\",\"schemas\":[10,11]}]}";
static const char schemas[] =
    "{\"results\":["
    "{\"id\":10,\"slug\":\"organisatie\",\"required\":[\"naam\"],"
    "\"configuration\":{\"objectNameField\":\"naam\"},"
    " \"properties\":{\"naam\":{\"type\":\"string\"},"
    "  \"deelnemers\":{\"type\":\"array\",\"items\":{\"$ref\":\"organisatie\"}},"
    "  \"deelnames\":{\"type\":\"array\",\"items\":{\"$ref\":\"organisatie\"}}}},"
    "{\"id\":11,\"slug\":\"gebruik\",\"required\":[],"
    "\"configuration\":{\"objectNameField\":\"afnemer\"},"
    " \"properties\":{\"afnemer\":{\"type\":\"object\","
    "\"$ref\":\"#/components/schemas/organisatie\"}}}]}";

#define COLLAB "cccccccc-0000-4000-8000-000000000001"
#define ORG_A "aaaaaaaa-0000-4000-8000-000000000001"
#define ORG_B "aaaaaaaa-0000-4000-8000-000000000002"
#define ORG_C "aaaaaaaa-0000-4000-8000-000000000003"

static gboolean
lists (SwcStore *store, const char *uuid, const char *property, const char *other)
{
  g_autofree char *json = swc_store_object_json (store, uuid);
  g_autofree char *needle = g_strdup_printf ("\"%s\"", other);
  const char *at = strstr (json, property);

  return at != NULL && strstr (at, needle) != NULL && strchr (at, ']') > strstr (at, needle);
}

static void
test_both_sides (void)
{
  g_autofree char *dir = g_dir_make_tmp ("swc-member-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(SwcStore) store = swc_store_open (path, NULL);
  g_autoptr(SwcSchemaSet) set = swc_test_schemas (registers, schemas);
  g_autoptr(SwcQueue) queue = swc_queue_new (store, set);
  g_autoptr(GPtrArray) before = NULL, after = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;

  /* A is on both sides, B only in the collaboration's list, C only names the collaboration itself
   */
  swc_test_apply (store, set, "organisatie",
                  "{\"results\":["
                  "{\"id\":\"" COLLAB "\",\"naam\":\"Regio\",\"deelnemers\":[\"" ORG_A "\",\"" ORG_B
                  "\"]},"
                  "{\"id\":\"" ORG_A "\",\"naam\":\"Gemeente Aa\",\"deelnames\":[\"" COLLAB "\"]},"
                  "{\"id\":\"" ORG_B "\",\"naam\":\"Gemeente Bee\"},"
                  "{\"id\":\"" ORG_C "\",\"naam\":\"Gemeente Cee\",\"deelnames\":[\"" COLLAB
                  "\"]}]}");
  swc_test_apply (store, set, "gebruik",
                  "{\"results\":[{\"id\":\"g1\",\"afnemer\":\"" COLLAB "\"},"
                  "{\"id\":\"g2\",\"afnemer\":\"" COLLAB "\"},{\"id\":\"g3\",\"afnemer\":\"" ORG_A
                  "\"}]}");
  before = swc_membership_members (store, set, COLLAB);
  g_assert_cmpuint (before->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (before, 0), ==, ORG_A); /* by name */
  g_assert_cmpstr (g_ptr_array_index (before, 2), ==, ORG_C);
  g_assert_cmpint (swc_membership_usages (store, COLLAB), ==, 2);

  /* removing A writes both sides; removing C repairs the side the collaboration lacked: one patch
   */
  g_assert_true (swc_membership_set (queue, store, set, COLLAB, ORG_A, FALSE, 0, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_true (swc_membership_set (queue, store, set, COLLAB, ORG_C, FALSE, 0, ids, &error));
  g_assert_cmpuint (ids->len, ==, 3);
  after = swc_membership_members (store, set, COLLAB);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (after, 0), ==, ORG_B);
  g_assert_false (lists (store, ORG_A, "deelnames", COLLAB));
  g_assert_false (lists (store, COLLAB, "deelnemers", ORG_A));

  /* adding B writes the side it lacked only */
  g_assert_true (swc_membership_set (queue, store, set, COLLAB, ORG_B, TRUE, 0, ids, &error));
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_true (lists (store, ORG_B, "deelnames", COLLAB));
  g_assert_true (lists (store, COLLAB, "deelnemers", ORG_B));
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_clear_object (&queue);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/membership/both-sides", test_both_sides);
  return g_test_run ();
}
