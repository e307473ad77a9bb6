/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An organisation merge that the 2026 backend carries out itself (api-2026.md §3, stackiq
 * MergeOrganisatieService): POST …/organisaties/{source}/merge[/dry-run] {"targetUuid"}. It
 * re-points the references it knows, moves the Nextcloud group members of the source to the target
 * and leaves the source behind as a tombstone (status merged, mergedInto the target). What it does
 * not do, the client still does: the values chosen for the target (a PATCH before the merge) and
 * the references it leaves alone (queued patches after it, swc-merge-journal.c; it moves only some
 * kinds, and only in the first 10,000 objects of each). Which route a merge takes is decided when
 * it is sent, so a merge queued against one backend is carried out the way the backend it meets
 * does it. */
#define G_LOG_DOMAIN "swc-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-merge-private.h"
#include "swc-vocab.h"

gboolean
_swc_merge_via_app (SwcClient *client, SwcSchemaSet *schemas, const char *schema)
{
  return client != NULL && schemas != NULL && schemas->dialect == SWC_DIALECT_2026 &&
         swc_client_get_app_path (client) != NULL &&
         g_strcmp0 (schema, swc_kind_slug (SWC_KIND_ORGANISATION)) == 0;
}

char *
_swc_merge_app_path (const char *source, gboolean dry_run)
{
  /* the client sends it to the app's name of the moment */
  return g_strdup_printf ("/index.php/apps/stackiq/api/organisaties/%s/merge%s", source,
                          dry_run ? "/dry-run" : "");
}

JsonNode *
_swc_merge_app_body (const char *target)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "targetUuid", target);
  return json_node_init_object (json_node_alloc (), body);
}

/* The source as the app leaves it: its own values, status merged, mergedInto the target. */
JsonObject *
_swc_merge_tombstone (JsonObject *before, const char *target)
{
  JsonObject *o = json_object_new ();
  GList *members = before ? json_object_get_members (before) : NULL;

  for (GList *l = members; l; l = l->next)
    json_object_set_member (o, l->data, json_node_copy (json_object_get_member (before, l->data)));
  g_list_free (members);
  json_object_set_string_member (o, swc_field_key (SWC_FIELD_STATUS),
                                 swc_org_status_value (SWC_ORG_STATUS_MERGED));
  json_object_set_string_member (o, swc_field_key (SWC_FIELD_MERGED_INTO), target);
  return o;
}

/* Whether the server's copy of the source says it went into target already. */
gboolean
_swc_merge_is_tombstone_of (JsonObject *source, const char *target)
{
  JsonNode *into =
      source ? json_object_get_member (source, swc_field_key (SWC_FIELD_MERGED_INTO)) : NULL;

  return into != NULL && JSON_NODE_HOLDS_VALUE (into) &&
         json_node_get_value_type (into) == G_TYPE_STRING &&
         g_strcmp0 (json_node_get_string (into), target) == 0 &&
         swc_org_status (source) == SWC_ORG_STATUS_MERGED;
}

/* A blocker of the app's dry run, in the user's words with what to do about it; unknown types keep
 * the server's message. */
void
_swc_merge_app_blocker (const char *type, const char *server_message, char **message,
                        const char **fix)
{
  static const struct
  {
    const char *type;
    const char *message;
    const char *fix;
  } known[] = {
    { "self-merge", N_("The server says the organisation would be merged into itself"),
      N_("Choose another organisation to remain") },
    { "source-not-found", N_("The server no longer has an organisation that is to be merged"),
      N_("Synchronise, then choose again") },
    { "target-not-found", N_("The server does not have the organisation that is to remain"),
      N_("Synchronise, then choose again") },
    { "source-already-merged",
      N_("The server says an organisation to be merged already went into another one"),
      N_("Look it up in the merge history; merge the organisation it went into instead") },
    { "target-already-merged",
      N_("The server says the organisation to remain already went into another one"),
      N_("Choose the organisation it went into as the one that remains") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (type, known[i].type) == 0)
      {
        *message = g_strdup (_(known[i].message));
        *fix = _(known[i].fix);
        return;
      }
  /* TRANSLATORS: a reason the server gave for refusing a merge, in its own (English) words */
  *message = g_strdup_printf (_("The server refuses the merge: %s"),
                              server_message ? server_message : type);
  *fix = _("Synchronise, then try again");
}

/* The label of one of the app's counts ("groupMembers", "usage", …); a key this version does not
 * know is shown as the server names it. */
const char *
_swc_merge_app_count_label (const char *key)
{
  static const struct
  {
    const char *key;
    const char *label;
  } known[] = {
    { "groupMembers", N_("user accounts of the organisation") },
    { "usage", N_("usages") },
    { "contactPerson", N_("contact persons") },
    { "aanbod", N_("connections offered") },
    { "contract", N_("contracts") },
    { "compliancy", N_("compliance statements") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (key, known[i].key) == 0)
      return _(known[i].label);
  return key;
}
