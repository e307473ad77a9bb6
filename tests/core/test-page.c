/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list-answer scanner: objects found exactly, totals read, broken answers refused. */
#include "config.h"

#include <string.h>

#include "swc-error.h"
#include "swc-page.h"

static void
test_objects_and_totals (void)
{
  const char *body =
      "{\"results\":[{\"id\":\"a\",\"s\":\"}{],\\\"\"},{\"id\":\"b\",\"n\":[1,{\"x\":2}]}],"
      "\"total\":812,\"page\":2,\"pages\":41,\"limit\":20,\"@self\":{\"q\":[]}}";
  SwcPage page = { 0 };
  g_autoptr(GError) error = NULL;
  SwcSlice *s;
  g_autofree char *first = NULL;

  g_assert_true (swc_page_scan (body, strlen (body), &page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (page.objects->len, ==, 2);
  s = &g_array_index (page.objects, SwcSlice, 0);
  first = g_strndup (body + s->offset, s->length);
  g_assert_cmpstr (first, ==, "{\"id\":\"a\",\"s\":\"}{],\\\"\"}");
  s = &g_array_index (page.objects, SwcSlice, 1);
  g_assert_cmpint (body[s->offset + s->length - 1], ==, '}');
  g_assert_cmpint (page.total, ==, 812);
  g_assert_cmpint (page.page, ==, 2);
  g_assert_cmpint (page.pages, ==, 41);
  swc_page_clear (&page);
}

static void
test_empty_results (void)
{
  const char *body = "{ \"results\" : [ ] , \"total\" : 0 }";
  SwcPage page = { 0 };

  g_assert_true (swc_page_scan (body, strlen (body), &page, NULL));
  g_assert_cmpuint (page.objects->len, ==, 0);
  g_assert_cmpint (page.total, ==, 0);
  swc_page_clear (&page);
}

static void
test_broken_answers (void)
{
  const char *bodies[] = {
    "{\"results\":[{\"id\":\"broken\",\"naam\":\"Gemeente", /* cut off mid-body */
    "<html>Bad gateway</html>",
    "{\"total\":3}",       /* no results */
    "{\"results\":[1,2]}", /* not objects */
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      SwcPage page = { 0 };
      g_autoptr(GError) error = NULL;
      g_assert_false (swc_page_scan (bodies[i], strlen (bodies[i]), &page, &error));
      g_assert_error (error, SWC_ERROR, SWC_ERROR_MALFORMED);
      g_assert_null (page.objects);
    }
}

/* What a broken or hostile server can send is refused as a whole, before anything of it is used. */
static void
test_strict (void)
{
  const char *bodies[] = {
    "{\"results\":[{\"id\":\"a\",\"naam\":\"x\",\"id\":\"b\"}],\"total\":1}", /* a repeated key */
    "{\"results\":[],\"results\":[{\"id\":\"a\"}]}",                          /* results twice */
    "{\"results\":[],\"total\":\"12\"}",                                      /* a count as text */
    "{\"results\":[],\"pages\":-1}",                                          /* a negative count */
    "{\"results\":[],\"pages\":1.5}",
    "{\"results\":[],\"pages\":123456789012345678901234567890}",
    "{\"results\":[{\"id\":\"a\"},]}",               /* a trailing comma */
    "{\"results\":[{\"id\":\"a\"} {\"id\":\"b\"}]}", /* a missing comma */
    "{\"results\":[{\"id\":\"a\" \"naam\":\"b\"}]}",
    "{\"results\":[{\"id\":tru}]}",
    "{\"results\":[{\"id\":01}]}",
    "{\"results\":[{\"id\":\"a\\x\"}]}",     /* an unknown escape */
    "{\"results\":[{\"id\":\"a\tb\"}]}",     /* a raw control character */
    "{\"results\":[{\"id\":\"\xff\xfe\"}]}", /* not UTF-8 */
    "{\"results\":[]} trailing",
    "{\"results\":[]}{\"results\":[]}",
    "[{\"id\":\"a\"}]",
    "{\"results\":{\"id\":\"a\"}}",
    "{\"results\":[],}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      SwcPage page = { 0 };
      g_autoptr(GError) error = NULL;
      if (swc_page_scan (bodies[i], strlen (bodies[i]), &page, &error))
        g_error ("accepted: %s", bodies[i]);
      g_assert_error (error, SWC_ERROR, SWC_ERROR_MALFORMED);
    }
}

/* Deep nesting is refused, not followed down the stack. */
static void
test_deep (void)
{
  GString *body = g_string_new ("{\"results\":[{\"x\":");
  SwcPage page = { 0 };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, '[');
  g_assert_false (swc_page_scan (body->str, body->len, &page, NULL));
  g_string_free (body, TRUE);
}

/* An object with a hundred thousand keys is read in time (not compared key by key), and a repeat
 * among them is still found. */
static void
test_many_keys (void)
{
  GString *body = g_string_new ("{\"results\":[{");
  SwcPage page = { 0 };

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (body, "%s\"k%u\":%u", i ? "," : "", i, i);
  g_string_append (body, "}]}");
  g_assert_true (swc_page_scan (body->str, body->len, &page, NULL));
  swc_page_clear (&page);
  g_string_truncate (body, body->len - 3);
  g_string_append (body, ",\"k77\":1}]}");
  g_assert_false (swc_page_scan (body->str, body->len, &page, NULL));
  g_string_free (body, TRUE);
}

/* An empty answer says so (and json-glib never sees it). */
static void
test_empty_body (void)
{
  SwcPage page = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (swc_page_scan (NULL, 0, &page, &error));
  g_assert_error (error, SWC_ERROR, SWC_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "empty"));
}

/* null paging numbers count as absent; escapes, numbers and nesting as JSON has them are accepted.
 */
static void
test_valid_shapes (void)
{
  const char *body =
      "{\"results\":[{\"id\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\",\"n\":-0.5e+3,\"m\":0,"
      "\"b\":[true,false,null,{},[]],\"s\":{\"x\":{\"y\":[1,2.25,-3E2]}}}],\"total\":null,"
      "\"pages\":0 }\n";
  SwcPage page = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (swc_page_scan (body, strlen (body), &page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (page.objects->len, ==, 1);
  g_assert_cmpint (page.total, ==, -1);
  g_assert_cmpint (page.pages, ==, 0);
  swc_page_clear (&page);
}

static void
test_members_and_strings (void)
{
  const char *obj = "{ \"naam\" : \"Gemeente S\\u00fadwest \\\"Frysl\u00e2n\\\"\", \"n\":12, "
                    "\"list\":[\"a\",1,{\"x\":\"y\"},\"b\\n\"], \"emoji\":\"\\ud83d\\ude00\","
                    " \"@self\":{\"id\":\"u\"} }";
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (SwcMember));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  const SwcMember *m;
  g_autofree char *naam = NULL, *emoji = NULL, *number = NULL;

  g_assert_true (swc_json_members (obj, strlen (obj), members));
  g_assert_cmpuint (members->len, ==, 5);
  m = swc_json_member (members, "naam");
  naam = swc_json_string (m->value, m->value_len);
  g_assert_cmpstr (naam, ==, "Gemeente Súdwest \"Fryslân\"");
  m = swc_json_member (members, "emoji");
  emoji = swc_json_string (m->value, m->value_len);
  g_assert_cmpstr (emoji, ==, "😀");
  m = swc_json_member (members, "n");
  number = swc_json_string (m->value, m->value_len);
  g_assert_null (number);
  m = swc_json_member (members, "list");
  swc_json_array_strings (m->value, m->value_len, strings);
  g_assert_cmpuint (strings->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (strings, 1), ==, "b\n");
  g_assert_null (swc_json_member (members, "missing"));
  g_assert_false (swc_json_members ("[1]", 3, members));
  g_assert_false (swc_json_members ("{\"a\":", 5, members));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/page/objects-and-totals", test_objects_and_totals);
  g_test_add_func ("/page/empty", test_empty_results);
  g_test_add_func ("/page/broken", test_broken_answers);
  g_test_add_func ("/page/strict", test_strict);
  g_test_add_func ("/page/deep", test_deep);
  g_test_add_func ("/page/many-keys", test_many_keys);
  g_test_add_func ("/page/empty-body", test_empty_body);
  g_test_add_func ("/page/valid-shapes", test_valid_shapes);
  g_test_add_func ("/json/members-and-strings", test_members_and_strings);
  return g_test_run ();
}
