/* SPDX-License-Identifier: GPL-3.0-or-later */
/* merge: a dry run from the local reference index, execution through the queue and the journal
 * (after the server confirmed the counts), the history, reports and reversal; the same plan and
 * journal as the app. */
#define G_LOG_DOMAIN "catalogusbeheer-cmd"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "swc-cmd.h"
#include "swc-error.h"
#include "swc-merge.h"

typedef struct
{
  gboolean dry_run;
  gboolean execute;
  gboolean check;
  gboolean history;
  char *target;
  char *new_name;
  char *reason;
  gint64 undo;
  gint64 report;
} MergeArgs;

static void
print_moves (SwcMergePlan *plan)
{
  GPtrArray *moves = swc_merge_plan_moves (plan);

  /* stdout keeps the contract's lines (architecture.md); the server's counts go to stderr */
  for (guint i = 0; i < moves->len; i++)
    {
      SwcMergeMove *m = g_ptr_array_index (moves, i);
      printf ("%s.%s %" G_GINT64_FORMAT "\n", m->schema, m->property, m->references);
      if (m->server >= 0)
        fprintf (stderr, "server: %s.%s %" G_GINT64_FORMAT "\n", m->schema, m->property, m->server);
    }
  printf ("total %" G_GINT64_FORMAT "\n", swc_merge_plan_total (plan));
}

/* Every blocker on one line of the error, with its fix: "The merge cannot be carried out: <why>.
 * <fix>; …". */
static gboolean
check_blockers (SwcMergePlan *plan, GError **error)
{
  GPtrArray *blockers = swc_merge_plan_blockers (plan);
  g_autoptr(GString) why = g_string_new (NULL);

  if (blockers->len == 0)
    return TRUE;
  for (guint i = 0; i < blockers->len; i++)
    {
      SwcMergeBlocker *b = g_ptr_array_index (blockers, i);
      g_string_append_printf (why, "%s%s. %s", i ? "; " : "", b->message, b->fix);
    }
  g_set_error (error, SWC_ERROR, SWC_ERROR_INVALID, _("The merge cannot be carried out: %s"),
               why->str);
  return FALSE;
}

/* A backend that merges organisations itself: what its dry run says it will move, one "server: …"
 * line each. */
static void
print_app_counts (SwcMergePlan *plan)
{
  GPtrArray *counts = swc_merge_plan_app_counts (plan);

  for (guint i = 0; i < counts->len; i++)
    {
      SwcMergeCount *c = g_ptr_array_index (counts, i);
      /* TRANSLATORS: the server's own merge count, e.g. "server merge: usages 5" */
      printf (_("server merge: %s %lld\n"), c->label, (long long) c->count);
    }
}

/* The server counts the same references; any difference stops an execution (the store is behind).
 */
static gboolean
server_check (SwcCmd *cmd, SwcMergePlan *plan, gboolean strict, GError **error)
{
  g_autoptr(GPtrArray) diff = NULL;

  swc_merge_check_async (plan, cmd->client, NULL, swc_cmd_wait_cb, cmd);
  if (!swc_merge_check_finish (plan, swc_cmd_wait (cmd), error))
    return FALSE;
  diff = swc_merge_plan_differences (plan);
  for (guint i = 0; i < diff->len; i++)
    fprintf (stderr, "%s\n", (char *) g_ptr_array_index (diff, i));
  print_app_counts (plan);
  if (!check_blockers (plan,
                       error)) /* the server's own dry run may refuse what the store allowed */
    return FALSE;
  if (diff->len == 0 || !strict)
    return TRUE;
  g_set_error_literal (
      error, SWC_ERROR, SWC_ERROR_CONFLICT,
      _("The server counts other references than the local store: synchronise, then try again"));
  return FALSE;
}

static gboolean
open_online (SwcCmd *cmd, GError **error)
{
  return swc_cmd_resolve (cmd, error) && swc_cmd_open_store (cmd, error) &&
         swc_cmd_load_schemas (cmd, error) && swc_cmd_connect (cmd, TRUE, error);
}

static int
finish_with_record (SwcCmd *cmd, gint64 id)
{
  g_autofree char *report = swc_merge_report_text (cmd->store, id);
  g_autoptr(SwcMergeRecord) r = swc_merge_record_get (cmd->store, id);

  printf ("%s", report ? report : "");
  printf (_("merge %lld: %u of %u steps done\n"), (long long) id, r ? r->steps_done : 0,
          r ? r->steps : 0);
  return r && (r->state == SWC_MERGE_DONE || r->state == SWC_MERGE_REVERSED) ? SWC_EXIT_OK
                                                                             : SWC_EXIT_FAILURE;
}

static int
run_plan (SwcCmd *cmd, MergeArgs *a, char **sources)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcMergePlan) plan = NULL;
  g_autoptr(SwcQueue) queue = NULL;
  gboolean online = a->execute || a->check;
  gint64 id;

  if (online ? !open_online (cmd, &error)
             : (!swc_cmd_resolve (cmd, &error) || !swc_cmd_open_store (cmd, &error) ||
                !swc_cmd_load_schemas (cmd, &error)))
    return swc_cmd_fail (error);
  plan = swc_merge_plan_new (cmd->store, cmd->schemas, (const char *const *) sources, a->target);
  if (a->new_name && swc_merge_plan_get_schema (plan))
    {
      SwcSchema *schema = swc_schema_set_lookup (cmd->schemas, swc_merge_plan_get_schema (plan));
      g_autoptr(JsonNode) name = json_node_init_string (json_node_alloc (), a->new_name);
      swc_merge_plan_set_value (plan,
                                schema->name_field ? schema->name_field
                                                   : swc_field_key (SWC_FIELD_NAME),
                                name);
    }
  if (!check_blockers (plan, &error) || (online && !server_check (cmd, plan, a->execute, &error)))
    return swc_cmd_fail (error);
  print_moves (plan);
  if (!a->execute)
    return SWC_EXIT_OK;
  queue = swc_queue_new (cmd->store, cmd->schemas);
  swc_queue_set_client (queue, cmd->client);
  if ((id = swc_merge_execute (plan, queue, a->reason, &error)) == 0 ||
      !swc_cmd_send_queue (cmd, &error))
    return swc_cmd_fail (error);
  return finish_with_record (cmd, id);
}

static const char *
state_name (SwcMergeState state)
{
  static const char *names[] = { "running", "done", "failed", "reversing", "reversed" };

  return names[state];
}

static int
run_history (SwcCmd *cmd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (!swc_cmd_resolve (cmd, &error) || !swc_cmd_open_store (cmd, &error))
    return swc_cmd_fail (error);
  list = swc_merge_history (cmd->store, NULL);
  for (guint i = 0; i < list->len; i++)
    {
      SwcMergeRecord *r = g_ptr_array_index (list, i);
      g_autofree char *sources = g_strjoinv (", ", r->source_names);
      printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\n", r->id,
              state_name (r->state), r->created, r->target_name, sources, r->references, r->reason);
    }
  return SWC_EXIT_OK;
}

static int
run_undo (SwcCmd *cmd, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcMergeReversal) rev = NULL;
  g_autoptr(SwcQueue) queue = NULL;

  if (!open_online (cmd, &error) ||
      (rev = swc_merge_reversal_new (cmd->store, cmd->schemas, id, &error)) == NULL)
    return swc_cmd_fail (error);
  for (guint i = 0; i < rev->problems->len; i++)
    fprintf (stderr, "%s\n", (char *) g_ptr_array_index (rev->problems, i));
  printf (_("create again: %u\n"), rev->recreate);
  for (guint i = 0; i < rev->moves->len; i++)
    {
      SwcMergeMove *m = g_ptr_array_index (rev->moves, i);
      printf ("%s.%s %" G_GINT64_FORMAT "\n", m->schema, m->property, m->references);
    }
  queue = swc_queue_new (cmd->store, cmd->schemas);
  swc_queue_set_client (queue, cmd->client);
  if (!swc_merge_reverse (cmd->store, queue, id, &error) || !swc_cmd_send_queue (cmd, &error))
    return swc_cmd_fail (error);
  return finish_with_record (cmd, id);
}

int
swc_cmd_merge (SwcCmd *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) damage = NULL;
  MergeArgs a = { 0 };
  const GOptionEntry extra[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &a.dry_run, N_("Show what would move, change nothing"),
      NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &a.check,
      N_("With --dry-run: let the server count the same"), NULL },
    { "execute", 0, 0, G_OPTION_ARG_NONE, &a.execute, N_("Carry out the merge"), NULL },
    { "into", 0, 0, G_OPTION_ARG_STRING, &a.target, N_("The object that remains"), N_("TARGET") },
    { "new-name", 0, 0, G_OPTION_ARG_STRING, &a.new_name,
      N_("Merge into a new object with this name"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &a.reason, N_("Why (required with --execute)"),
      N_("TEXT") },
    { "history", 0, 0, G_OPTION_ARG_NONE, &a.history, N_("List the merges made from this store"),
      NULL },
    { "report", 0, 0, G_OPTION_ARG_INT64, &a.report, N_("Show the report of a merge"), N_("ID") },
    { "undo", 0, 0, G_OPTION_ARG_INT64, &a.undo, N_("Reverse a merge from the journal"),
      N_("ID") },
    { NULL }
  };
  int rc = swc_cmd_parse (cmd, &argc, &argv, extra, "SOURCE…");

  if (rc >= 0)
    goto out;
  if (a.history)
    rc = run_history (cmd);
  else if (a.undo > 0)
    rc = run_undo (cmd, a.undo);
  else if (a.report > 0)
    {
      if (!swc_cmd_resolve (cmd, &error) || !swc_cmd_open_store (cmd, &error))
        rc = swc_cmd_fail (error);
      else
        rc = finish_with_record (cmd, a.report);
    }
  else if (argc < 2 || (a.target == NULL) == (a.new_name == NULL) || a.dry_run == a.execute ||
           (a.execute && a.reason == NULL))
    {
      fprintf (stderr,
               _("Usage: catalogusbeheer-cmd merge --dry-run [--check] SOURCE… --into TARGET\n"
                  "       catalogusbeheer-cmd merge --execute --reason TEXT SOURCE… --into"
                  " TARGET|--new-name NAME\n"
                  "       catalogusbeheer-cmd merge --history | --report ID | --undo ID\n"));
      rc = SWC_EXIT_USAGE;
    }
  else
    rc = run_plan (cmd, &a, argv + 1);
out:
  /* whatever it printed: a damaged file read as empty is not an answer */
  if (rc == SWC_EXIT_OK && !swc_cmd_check_store (cmd, &damage))
    rc = swc_cmd_fail (damage);
  g_free (a.target);
  g_free (a.new_name);
  g_free (a.reason);
  return rc;
}
