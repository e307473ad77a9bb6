/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One toast with Undo for a group of queued changes: the way every side-effecting action waits
 * before it is sent (approve, reject, create, remove a member). Ctrl+Z (the window's "win.undo")
 * does what the newest toast's Undo does, on every step; the toasts it can undo are kept on the
 * toast overlay. */
#define G_LOG_DOMAIN "swc-undo"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-undo.h"

#define STACK_KEY "swc-undo-toasts"

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

/* The toasts whose changes can still be undone, newest last (held by the overlay). */
static GPtrArray *
undo_stack (AdwToastOverlay *toasts)
{
  GPtrArray *stack = g_object_get_data (G_OBJECT (toasts), STACK_KEY);

  if (stack == NULL)
    {
      stack = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (toasts), STACK_KEY, stack,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  return stack;
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
dismissed_cb (AdwToast *toast, gpointer toasts)
{
  g_ptr_array_remove (undo_stack (toasts), toast);
}

void
swc_undo_toast (AdwToastOverlay *toasts, SwcSession *session, const char *text, GArray *ids)
{
  SwcQueue *queue = swc_session_get_queue (session);
  AdwToast *toast = adw_toast_new (text);
  GPtrArray *stack = undo_stack (toasts);
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
  g_object_set_data (G_OBJECT (toast), "swc-undo", u);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cb), u, undo_free, 0);
  g_ptr_array_add (stack, g_object_ref (toast));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (dismissed_cb), toasts, 0);
  adw_toast_overlay_add_toast (toasts, toast);
  swc_session_send_later (session, SWC_UNDO_MS + 200);
}

/* Undoes the newest queued changes whose toast is still up; says so when nothing can be undone. */
static void
undo_last (GSimpleAction *action, GVariant *param, gpointer data)
{
  AdwToastOverlay *toasts = data;
  GPtrArray *stack = undo_stack (toasts);

  while (stack->len > 0)
    {
      g_autoptr(AdwToast) toast = g_object_ref (g_ptr_array_index (stack, stack->len - 1));
      Undo *u = g_object_get_data (G_OBJECT (toast), "swc-undo");

      g_ptr_array_remove_index (stack, stack->len - 1);
      if (u == NULL || u->done)
        continue;
      undo_cb (toast, u);
      adw_toast_dismiss (toast);
      adw_toast_overlay_add_toast (toasts, adw_toast_new (_("Undone")));
      return;
    }
  adw_toast_overlay_add_toast (toasts, adw_toast_new (_("Nothing to undo")));
}

/* "win.undo" (Ctrl+Z) undoes the newest change that still waits behind its toast in toasts. The
 * shortcut comes after the focused widget's own (a text field's Ctrl+Z undoes the typing). */
void
swc_undo_install (GtkApplicationWindow *window, AdwToastOverlay *toasts)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("undo", NULL);
  GtkEventController *c = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut;

  g_signal_connect_object (action, "activate", G_CALLBACK (undo_last), toasts, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
  shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>z"),
                               gtk_named_action_new ("win.undo"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (window), c);
}
