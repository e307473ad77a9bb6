/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one way the app asks for a few fields in a window (edit an object, add a person): a header
 * with Cancel and the primary action, the form, and a line for what went wrong. */
#define G_LOG_DOMAIN "swc-form-window"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-form-window.h"

typedef struct
{
  GtkWidget *window;
  SwcSchemaForm *form;
  GtkLabel *error;
  SwcFormWindowDone done;
  gpointer data;
  GDestroyNotify destroy;
} FormWindow;

static void
form_window_free (gpointer p)
{
  FormWindow *f = p;

  if (f->destroy)
    f->destroy (f->data);
  g_free (f);
}

static gboolean
primary (GtkWidget *widget, GVariant *args, gpointer p)
{
  FormWindow *f = p;
  g_autoptr(GError) error = NULL;

  if (!swc_schema_form_get_valid (f->form))
    return TRUE;
  if (f->done (f->data, &error))
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      return TRUE;
    }
  gtk_label_set_label (f->error, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (f->error), error != NULL);
  return TRUE;
}

static void
primary_clicked_cb (GtkButton *button, gpointer p)
{
  primary (NULL, NULL, p);
}

static gboolean
cancel (GtkWidget *widget, GVariant *args, gpointer p)
{
  gtk_window_destroy (GTK_WINDOW (((FormWindow *) p)->window));
  return TRUE;
}

static void
cancel_clicked_cb (GtkButton *button, gpointer p)
{
  cancel (NULL, NULL, p);
}

static GtkWidget *
header (FormWindow *f, const char *primary_label)
{
  GtkWidget *bar = adw_header_bar_new ();
  GtkWidget *cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *primary_button = gtk_button_new_with_mnemonic (primary_label);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  gtk_widget_add_css_class (primary_button, "suggested-action");
  g_object_bind_property (f->form, "valid", primary_button, "sensitive", G_BINDING_SYNC_CREATE);
  g_signal_connect (cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), f);
  g_signal_connect (primary_button, "clicked", G_CALLBACK (primary_clicked_cb), f);
  adw_header_bar_pack_start (ADW_HEADER_BAR (bar), cancel_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (bar), primary_button);
  return bar;
}

static void
add_shortcuts (FormWindow *f)
{
  static const char *primaries[] = { "<Control>Return", "<Control>KP_Enter", "<Control>s" };
  GtkEventController *c = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (primaries); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                                primaries[i]),
                                                            gtk_callback_action_new (primary, f,
                                                                                     NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                              "Escape"),
                                                          gtk_callback_action_new (cancel, f,
                                                                                   NULL)));
  gtk_event_controller_set_propagation_phase (c, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (f->window, c);
}

GtkWidget *
swc_form_window_new (GtkWindow *parent, const char *title, const char *primary_label,
                     GtkWidget *page, SwcSchemaForm *form, SwcFormWindowDone done, gpointer data,
                     GDestroyNotify destroy)
{
  FormWindow *f = g_new0 (FormWindow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->form = form;
  f->done = done;
  f->data = data;
  f->destroy = destroy;
  f->window = adw_window_new ();
  g_object_set_data_full (G_OBJECT (f->window), "swc-form-window", f, form_window_free);
  gtk_window_set_title (GTK_WINDOW (f->window), title);
  gtk_window_set_transient_for (GTK_WINDOW (f->window), parent);
  gtk_window_set_modal (GTK_WINDOW (f->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 560, 640);
  gtk_box_append (GTK_BOX (box), header (f, primary_label));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  f->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (f->error, TRUE);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->error), 12);
  gtk_widget_add_css_class (GTK_WIDGET (f->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (f->error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->error));
  adw_window_set_content (ADW_WINDOW (f->window), box);
  add_shortcuts (f);
  swc_schema_form_focus_first (form);
  return f->window;
}
