/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One toast with Undo for a group of queued changes: the way every side-effecting action waits
 * before it is sent (approve, reject, create, remove a member). Ctrl+Z (the window's "win.undo")
 * does what the newest toast's Undo does, on every step; the toasts it can undo are kept by the
 * pages' context. */
#define G_LOG_DOMAIN "swc-undo"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-undo.h"

typedef struct
{
  SwcQueue *queue;
  GArray *ids; /* gint64 */
  gboolean done;
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

  if (u->done)
    return;
  u->done = TRUE;
  /* the last change first: a member's patch goes before the organisation it points at */
  for (guint i = u->ids->len; i > 0; i--)
    swc_queue_cancel (u->queue, g_array_index (u->ids, gint64, i - 1), NULL);
}

/* Gone from the screen: its changes go when their time is up, Ctrl+Z no longer reaches them. */
static void
dismissed_cb (AdwToast *toast, gpointer context)
{
  g_ptr_array_remove (swc_context_get_undoable (context), toast);
}

void
swc_undo_toast (SwcContext *context, const char *text, GArray *ids)
{
  SwcSession *session = swc_context_get_session (context);
  SwcQueue *queue = swc_session_get_queue (session);
  AdwToast *toast = adw_toast_new (text);
  Undo *u;

  if (queue == NULL || ids->len == 0)
    {
      g_array_unref (ids);
      swc_context_add_toast (context, toast);
      return;
    }
  u = g_new0 (Undo, 1);
  u->queue = g_object_ref (queue);
  u->ids = ids;
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, SWC_UNDO_MS / 1000);
  g_object_set_data (G_OBJECT (toast), "swc-undo", u);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cb), u, undo_free, 0);
  g_ptr_array_add (swc_context_get_undoable (context), g_object_ref (toast));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (dismissed_cb), context, 0);
  swc_context_add_toast (context, toast);
  swc_session_send_later (session, SWC_UNDO_MS + 200);
}

/* Undoes the newest queued changes whose toast is still up; says so when nothing can be undone. */
void
swc_undo_last (SwcContext *context)
{
  GPtrArray *stack = swc_context_get_undoable (context);

  while (stack->len > 0)
    {
      g_autoptr(AdwToast) toast = g_object_ref (g_ptr_array_index (stack, stack->len - 1));
      Undo *u = g_object_get_data (G_OBJECT (toast), "swc-undo");

      g_ptr_array_remove_index (stack, stack->len - 1);
      if (u == NULL || u->done)
        continue;
      undo_cb (toast, u);
      adw_toast_dismiss (toast);
      swc_context_toast (context, _("Undone"));
      return;
    }
  swc_context_toast (context, _("Nothing to undo"));
}
