/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Approving or rejecting a registration (step 1.1). The organisation gets the status the catalogue
 * shows it with (Actief, or Deactief when rejected); a 2026 backend also moderates registrations
 * (api-2026.md §3: POST …/moderation/{uuid}/approve|reject?type=organization sets
 * registrationStatus and publicationDate). Which backend the change meets is known only when it is
 * sent (it may switch while the change waits), so the decision is queued as a "moderate" entry
 * before the status, in the same Undo, and the sender asks the backend for it only where it
 * moderates and the registration is still pending (swc-queue-send.c). The moderation endpoint takes
 * no reason: the reason stays in the change's label, the client's history. */
#define G_LOG_DOMAIN "swc-queue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-queue-private.h"
#include "swc-registration.h"
#include "swc-vocab.h"

/* The ids of the queued changes (the decision, then the status), or NULL with error. */
GArray *
swc_registration_decide (SwcQueue *queue, const char *uuid, gboolean approve, guint hold_ms,
                         const char *label, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(JsonObject) decision = json_object_new ();
  g_autofree char *moderation = NULL;
  gint64 id;

  g_return_val_if_fail (SWC_IS_QUEUE (queue), NULL);

  json_object_set_string_member (change, swc_field_key (SWC_FIELD_STATUS),
                                 swc_org_status_value (approve ? SWC_ORG_STATUS_ACTIVE
                                                               : SWC_ORG_STATUS_INACTIVE));
  json_object_set_string_member (decision, "decision", approve ? "approve" : "reject");
  /* TRANSLATORS: a line in the change queue: the backend's moderation of a registration, e.g.
   * "Registration: Approve Gemeente Aa" */
  moderation = g_strdup_printf (_("Registration: %s"), label);
  if ((id = _swc_queue_insert (queue, SWC_CHANGE_KIND_MODERATE,
                               swc_kind_slug (SWC_KIND_ORGANISATION), uuid, decision, NULL, NULL,
                               NULL, hold_ms, moderation, error)) == 0)
    return NULL;
  g_array_append_val (ids, id);
  if ((id = swc_queue_patch (queue, uuid, change, hold_ms, label, error)) == 0)
    {
      for (guint i = 0; i < ids->len; i++)
        swc_queue_cancel (queue, g_array_index (ids, gint64, i), NULL);
      return NULL;
    }
  g_array_append_val (ids, id);
  return g_steal_pointer (&ids);
}
