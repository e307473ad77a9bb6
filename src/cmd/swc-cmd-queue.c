/* SPDX-License-Identifier: GPL-3.0-or-later */
/* queue list|retry|discard|send, and the queue lines of status. */
#define G_LOG_DOMAIN "catalogusbeheer-cmd"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "swc-cmd.h"
#include "swc-error.h"
#include "swc-queue.h"

void
swc_cmd_print_queue_summary (SwcCmd *cmd)
{
  static const SwcChangeState states[] = { SWC_CHANGE_STATE_HELD,     SWC_CHANGE_STATE_PENDING,
                                           SWC_CHANGE_STATE_SENDING,  SWC_CHANGE_STATE_FAILED,
                                           SWC_CHANGE_STATE_CONFLICT, SWC_CHANGE_STATE_DONE };
  guint counts[SWC_CHANGE_N_STATES];

  swc_queue_counts (cmd->store, counts);
  printf ("%s", _("queue:"));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    printf (" %s %u%s", swc_change_state_to_string (states[i]), counts[states[i]],
            i + 1 < G_N_ELEMENTS (states) ? "," : "");
  printf ("\n");
}

/* Sends what waits; used by sync before it fetches. */
gboolean
swc_cmd_send_queue (SwcCmd *cmd, GError **error)
{
  g_autoptr(SwcQueue) queue = swc_queue_new (cmd->store, cmd->schemas);
  SwcQueueStats stats = { 0 };

  swc_queue_set_client (queue, cmd->client);
  swc_queue_retry_now (queue);
  swc_queue_send_async (queue, NULL, swc_cmd_wait_cb, cmd);
  if (!swc_queue_send_finish (queue, swc_cmd_wait (cmd), &stats, error))
    return FALSE;
  if (stats.sent || stats.failed || stats.conflicts || stats.waiting)
    fprintf (stderr, _("queue: %u sent, %u refused, %u conflicts, %u waiting\n"), stats.sent,
             stats.failed, stats.conflicts, stats.waiting);
  return TRUE;
}

static void
print_list (SwcQueue *queue, gboolean all, GString *out)
{
  g_autoptr(GPtrArray) list = swc_queue_list (queue, all);

  for (guint i = 0; i < list->len; i++)
    {
      SwcChange *c = g_ptr_array_index (list, i);
      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s%s%s\n", c->id,
                              swc_change_state_to_string (c->state),
                              swc_change_kind_to_string (c->kind), c->schema,
                              c->label ? c->label : c->uuid, c->created, c->error ? "\t" : "",
                              c->error ? c->error : "");
    }
}

int
swc_cmd_queue (SwcCmd *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcQueue) queue = NULL;
  gboolean all = FALSE;
  const GOptionEntry extra[] = { { "all", 0, 0, G_OPTION_ARG_NONE, &all,
                                   N_("list: also the changes that were sent"), NULL },
                                 { NULL } };
  int rc = swc_cmd_parse (cmd, &argc, &argv, extra, "list|retry|discard|send [ID]");
  const char *action = argc > 1 ? argv[1] : NULL;
  guint64 id = 0;

  if (rc >= 0)
    return rc;
  /* an id is a change's number as `queue list` shows it: anything else would quietly act on nothing
   */
  if (action == NULL ||
      !g_strv_contains ((const char *[]){ "list", "retry", "discard", "send", NULL }, action) ||
      argc > 3 ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXINT64, &id, NULL)))
    {
      fprintf (stderr, _("Usage: catalogusbeheer-cmd queue list|retry|discard|send [ID]\n"));
      return SWC_EXIT_USAGE;
    }
  if (!swc_cmd_resolve (cmd, &error) || !swc_cmd_open_store (cmd, &error) ||
      !swc_cmd_load_schemas (cmd, &error))
    return swc_cmd_fail (error);
  queue = swc_queue_new (cmd->store, cmd->schemas);
  if (g_str_equal (action, "list"))
    {
      g_autoptr(GString) out = g_string_new (NULL);

      print_list (queue, all, out);
      if (!swc_cmd_check_store (cmd, &error))
        return swc_cmd_fail (error);
      printf ("%s", out->str);
    }
  else if (g_str_equal (action, "retry"))
    printf (_("%u changes will be sent again\n"),
            swc_queue_retry (queue, argc == 3 ? (gint64) id : -1));
  else if (g_str_equal (action, "discard"))
    printf (_("%u changes discarded\n"), swc_queue_discard (queue, argc == 3 ? (gint64) id : -1));
  else if (!swc_cmd_connect (cmd, TRUE, &error) || !swc_cmd_send_queue (cmd, &error))
    return swc_cmd_fail (error);
  if (!swc_cmd_check_store (cmd, &error))
    return swc_cmd_fail (error);
  return SWC_EXIT_OK;
}
