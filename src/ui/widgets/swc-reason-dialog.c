/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rejecting asks for a reason: a message dialog that opens in its reason field, with standard
 * reasons to pick (a pick fills the field) and free text. Reject (destructive) is enabled once
 * something is typed; Enter or Ctrl+Enter in the field rejects, and with an empty field says that a
 * reason is needed. The reason goes with the change into the queue's history; on request the
 * desktop's mail program opens with a message to the contact persons, since the backend keeps no
 * reason the applicant could read. Afterwards the focus is back where it was. */
#define G_LOG_DOMAIN "swc-reason-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-reason-dialog.h"

typedef struct
{
  GTask *task; /* owned until it returns */
  GtkEditable *reason;
  GtkWidget *error;     /* "Give a reason", shown after an attempt without one */
  GtkBox *box;          /* the extra child */
  GtkWidget *from;      /* a ref: the page the dialog was opened from */
  GWeakRef focus;       /* what had the focus before */
  GtkCheckButton *mail; /* nullable */
  GStrv to;
  gboolean bcc;
  char *subject;
  char *intro;
} Reason;

static void
reason_free (Reason *r)
{
  g_object_unref (r->from);
  g_weak_ref_clear (&r->focus);
  g_strfreev (r->to);
  g_free (r->subject);
  g_free (r->intro);
  g_free (r);
}

static char *
reason_text (Reason *r)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (r->reason)));
}

/* ---- mail ---- */

static void
mail_opened_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GtkWindow) parent = data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    return;
  dialog = adw_message_dialog_new (parent, _("Mail Program Not Opened"), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* mailto: with the addresses, the subject and the reason as the body (RFC 6068). */
static void
open_mail (Reason *r, const char *reason)
{
  g_autofree char *addresses = g_strjoinv (",", r->to);
  g_autofree char *text = g_strdup_printf ("%s\n\n%s %s", r->intro, _("Reason:"), reason);
  g_autofree char *to = g_uri_escape_string (addresses, "@,", FALSE);
  g_autofree char *subject = g_uri_escape_string (r->subject, NULL, FALSE);
  g_autofree char *body = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *uri =
      r->bcc ? g_strdup_printf ("mailto:?bcc=%s&subject=%s&body=%s", to, subject, body)
             : g_strdup_printf ("mailto:%s?subject=%s&body=%s", to, subject, body);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (r->from));
  g_autoptr(GAppLaunchContext) context =
      G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (r->from)));

  g_debug ("mail: %s", uri);
  g_app_info_launch_default_for_uri_async (uri, context, NULL, mail_opened_cb,
                                           window ? g_object_ref (window) : NULL);
}

/* ---- the dialog ---- */

static void
restore_focus (Reason *r)
{
  g_autoptr(GtkWidget) focus = g_weak_ref_get (&r->focus);
  GtkRoot *root = gtk_widget_get_root (r->from);

  /* the window the dialog came from is the active one again (without a window manager nobody else
   * does it) */
  if (root != NULL)
    gtk_window_present (GTK_WINDOW (root));

  if (focus != NULL && gtk_widget_get_root (focus) == gtk_widget_get_root (r->from) &&
      gtk_widget_get_mapped (focus) && gtk_widget_grab_focus (focus))
    return;
  gtk_widget_grab_focus (r->from);
}

/* The dialog is gone: an answer not given yet is a cancel. */
static void
reason_closed (Reason *r, GClosure *closure)
{
  g_autoptr(GTask) task = g_steal_pointer (&r->task);

  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"); /* never shown */
  reason_free (r);
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  Reason *r = user_data;

  g_autoptr(GTask) task = g_steal_pointer (&r->task);

  if (task == NULL)
    return;
  restore_focus (r); /* before the change: a row that leaves the list hands the focus on */
  if (g_str_equal (response, "reject"))
    {
      g_autofree char *reason = reason_text (r);
      if (r->mail && gtk_check_button_get_active (r->mail))
        open_mail (r, reason);
      g_task_return_pointer (task, g_steal_pointer (&reason), g_free);
    }
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"); /* never shown */
}

static void
reason_changed_cb (GtkEditable *entry, gpointer user_data)
{
  Reason *r = user_data;
  g_autofree char *reason = reason_text (r);
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (entry), ADW_TYPE_MESSAGE_DIALOG);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", *reason != '\0');
  if (*reason != '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_visible (r->error, FALSE);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* Enter or Ctrl+Enter: rejects, or says why it cannot. */
static gboolean
try_reject (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  Reason *r = user_data;
  g_autofree char *reason = reason_text (r);
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (r->reason), ADW_TYPE_MESSAGE_DIALOG);

  if (*reason != '\0')
    {
      g_autoptr(GtkWidget) held = g_object_ref (dialog);
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reject");
      if (gtk_widget_get_visible (dialog))
        gtk_window_destroy (GTK_WINDOW (dialog));
      return TRUE;
    }
  gtk_widget_add_css_class (GTK_WIDGET (r->reason), "error");
  gtk_widget_set_visible (r->error, TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (r->reason), GTK_ACCESSIBLE_STATE_INVALID,
                               GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_widget_grab_focus (GTK_WIDGET (r->reason));
  return TRUE;
}

static void
entry_activate_cb (GtkEntry *entry, gpointer user_data)
{
  try_reject (GTK_WIDGET (entry), NULL, user_data);
}

static GtkWidget *
error_label (void)
{
  GtkWidget *label = gtk_label_new (_("Give a reason"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

static void
reason_row_activated_cb (GtkListBox *list, GtkListBoxRow *row, gpointer user_data)
{
  Reason *r = user_data;

  gtk_editable_set_text (r->reason, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  gtk_widget_grab_focus (GTK_WIDGET (r->reason));
  gtk_editable_set_position (r->reason, -1);
}

/* Enter on a standard reason picks it, as a click does, rather than giving the dialog's default
 * answer. */
static gboolean
reasons_key_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
                gpointer user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (key));
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (list));
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & GDK_MODIFIER_MASK) != 0 || row == NULL || !gtk_widget_is_ancestor (row, list))
    return FALSE;
  reason_row_activated_cb (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row), user_data);
  return TRUE;
}

/* Standard reasons under the field (translated texts); picking one (a click, Enter) fills the
 * field, which stays editable. */
static void
add_reasons (Reason *r, const char *const *reasons)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *title = gtk_label_new (_("Standard reasons"));
  GtkEventController *keys;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_top (title, 6);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Standard reasons"), -1);
  for (guint i = 0; reasons[i]; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reasons[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect (list, "row-activated", G_CALLBACK (reason_row_activated_cb), r);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (reasons_key_cb), r);
  gtk_widget_add_controller (list, keys);
  gtk_box_append (r->box, title);
  gtk_box_append (r->box, list);
}

/* A check "Mail the contact persons" (off until ticked): after the rejection the desktop's mail
 * program opens with a message to addresses (in Bcc when bcc: several organisations), subject,
 * intro and the reason. */
static void
add_mail (Reason *r, const SwcReasonMail *mail)
{
  g_autofree char *all = NULL;

  if (mail->addresses == NULL || mail->addresses[0] == NULL)
    return;
  all = g_strjoinv (", ", (GStrv) mail->addresses);
  r->to = g_strdupv ((GStrv) mail->addresses);
  r->bcc = mail->bcc;
  r->subject = g_strdup (mail->subject);
  r->intro = g_strdup (mail->intro);
  r->mail = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Mail the contact persons")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (r->mail), all);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->mail), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Mail the contact persons"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, all, -1);
  gtk_widget_set_margin_top (GTK_WIDGET (r->mail), 6);
  gtk_box_append (r->box, GTK_WIDGET (r->mail));
}

/* Asks for a reason, over the window of from, offering the standard reasons (translated texts,
 * nullable) and a mail to the contact persons (nullable). swc_reason_dialog_run_finish gives the
 * reason once the user rejects, or G_IO_ERROR_CANCELLED when they cancel (or cancellable does). */
void
swc_reason_dialog_run_async (GtkWidget *from, const char *heading, const char *body,
                             const char *const *reasons, const SwcReasonMail *mail,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  GtkRoot *root;
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkEventController *keys;
  Reason *r;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (heading != NULL);

  root = gtk_widget_get_root (from);
  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, body);
  entry = gtk_entry_new ();
  keys = gtk_shortcut_controller_new ();
  r = g_new0 (Reason, 1);
  r->task = g_task_new (from, cancellable, callback, user_data);
  g_task_set_source_tag (r->task, swc_reason_dialog_run_async);
  r->reason = GTK_EDITABLE (entry);
  r->from = g_object_ref (from);
  g_weak_ref_init (&r->focus, gtk_root_get_focus (root));
  r->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  r->error = error_label ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  r->error, NULL, -1);
  gtk_box_append (r->box, entry);
  gtk_box_append (r->box, r->error);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (r->box));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "reject",
                                    _("_Reject"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), r);
  g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), r);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                              "<Control>Return|<Control>KP_Enter"),
                                                          gtk_callback_action_new (try_reject, r,
                                                                                   NULL)));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (dialog, keys);
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), r,
                         (GClosureNotify) reason_closed, 0);
  if (reasons != NULL)
    add_reasons (r, reasons);
  if (mail != NULL)
    add_mail (r, mail);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (gtk_window_close), dialog,
                             G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry); /* not 16 Tabs away */
}

char *
swc_reason_dialog_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
