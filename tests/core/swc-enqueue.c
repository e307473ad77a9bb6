/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helper: queues changes through the core's real change queue, as the app does, so the tests
 * of catalogusbeheer-cmd can send them. Usage: swc-enqueue STORE create SCHEMA JSON | patch UUID
 * JSON | delete UUID | approve UUID | reject UUID (hold: SWC_HOLD_MS; approve and reject decide a
 * registration as the review page does) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "swc-queue.h"
#include "swc-registration.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  if (!json_parser_load_from_data (p, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
    {
      fprintf (stderr, "not a JSON object: %s\n", text);
      exit (2);
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (p)));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcStore) store = NULL;
  g_autoptr(SwcSchemaSet) schemas = NULL;
  g_autoptr(SwcQueue) queue = NULL;
  g_autoptr(JsonObject) body = NULL;
  guint hold = g_getenv ("SWC_HOLD_MS") ? atoi (g_getenv ("SWC_HOLD_MS")) : 0;
  gint64 id = 0;

  if (argc < 4)
    {
      fprintf (
          stderr,
          "usage: swc-enqueue STORE create SCHEMA JSON | patch UUID JSON | delete UUID | approve"
          " UUID | reject UUID\n");
      return 2;
    }
  store = swc_store_open (argv[1], &error);
  if (store == NULL || (schemas = swc_store_load_schemas (store, &error)) == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  queue = swc_queue_new (store, schemas);
  if (g_str_equal (argv[2], "create") && argc >= 5)
    id = swc_queue_create (queue, argv[3], (body = parse (argv[4])), hold, "test", &error);
  else if (g_str_equal (argv[2], "patch") && argc >= 5)
    id = swc_queue_patch (queue, argv[3], (body = parse (argv[4])), hold, "test", &error);
  else if (g_str_equal (argv[2], "delete"))
    id = swc_queue_delete (queue, argv[3], hold, "test", &error);
  else if (g_str_equal (argv[2], "approve") || g_str_equal (argv[2], "reject"))
    {
      g_autoptr(GArray) ids =
          swc_registration_decide (queue, argv[3], g_str_equal (argv[2], "approve"), hold, "test",
                                   &error);
      id = ids ? g_array_index (ids, gint64, ids->len - 1) : 0;
    }
  if (id == 0)
    {
      fprintf (stderr, "%s\n", error ? error->message : "bad usage");
      return error ? 1 : 2;
    }
  printf ("%" G_GINT64_FORMAT "\n", id);
  return 0;
}
