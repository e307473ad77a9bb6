/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One toast with Undo for a group of queued changes: the way every side-effecting action waits before it is
 * sent (approve, reject, create, remove a member). */
#define G_LOG_DOMAIN "swc-undo"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-undo.h"

typedef struct
{
  SwcQueue *queue;
  GArray   *ids;  /* gint64 */
} Undo;

static void
undo_free (gpointer data, GClosure *closure)
{
  Undo *u = data;

  g_object_unref (u->queue);
  g_array_unref (u->ids);
  g_free (u);
}

static void
undo_cb (AdwToast *toast, gpointer data)
{
  Undo *u = data;

  /* the last change first: a member's patch goes before the organisation it points at */
  for (guint i = u->ids->len; i > 0; i--)
    swc_queue_cancel (u->queue, g_array_index (u->ids, gint64, i - 1), NULL);
}

void
swc_undo_toast (AdwToastOverlay *toasts, SwcSession *session, const char *text, GArray *ids)
{
  SwcQueue *queue = swc_session_get_queue (session);
  AdwToast *toast = adw_toast_new (text);
  Undo *u;

  if (queue == NULL || ids->len == 0)
    {
      g_array_unref (ids);
      adw_toast_overlay_add_toast (toasts, toast);
      return;
    }
  u = g_new0 (Undo, 1);
  u->queue = g_object_ref (queue);
  u->ids = ids;
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, SWC_UNDO_MS / 1000);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cb), u, undo_free, 0);
  adw_toast_overlay_add_toast (toasts, toast);
  swc_session_send_later (session, SWC_UNDO_MS + 200);
}
