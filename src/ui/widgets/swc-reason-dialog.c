/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rejecting asks for a reason: a message dialog with a reason field whose Reject (destructive) is enabled once
 * something is typed; Enter in the field rejects. The reason goes with the change into the queue's history. */
#define G_LOG_DOMAIN "swc-reason-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-reason-dialog.h"

typedef struct
{
  SwcReasonDone  done;
  gpointer       data;
  GDestroyNotify destroy;
  GtkEditable   *reason;
} Reason;

static void
response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  Reason *r = user_data;

  if (g_str_equal (response, "reject"))
    r->done (gtk_editable_get_text (r->reason), r->data);
  if (r->destroy)
    r->destroy (r->data);
  g_free (r);
}

static void
reason_changed_cb (GtkEditable *entry, gpointer dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", *reason != '\0');
}

/* done is called with the reason when the user rejects, never when they cancel; destroy frees data either way. */
void
swc_reason_dialog_present (GtkWidget *from, const char *heading, const char *body, SwcReasonDone done,
                           gpointer data, GDestroyNotify destroy)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (from)), heading, body);
  GtkWidget *entry = gtk_entry_new ();
  Reason *r = g_new0 (Reason, 1);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "reject", _("_Reject"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reject");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  r->done = done;
  r->data = data;
  r->destroy = destroy;
  r->reason = GTK_EDITABLE (entry);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), r);
  gtk_window_present (GTK_WINDOW (dialog));
}
