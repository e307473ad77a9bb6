/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one way the app asks for a few fields in a window (edit an object, add a person): a header
 * with Cancel and the primary action, the form, and a line for what went wrong. The primary action
 * (its button, Ctrl+Enter, Ctrl+S) is offered only while the form is valid; Escape cancels. */
#define G_LOG_DOMAIN "swc-form-window"

#include "config.h"

#include "swc-form-window.h"

struct _SwcFormWindow
{
  AdwWindow parent_instance;

  SwcSchemaForm *form; /* borrowed: in the page */
  SwcFormWindowDone done;
  gpointer data;
  GDestroyNotify destroy;
  GtkBox *box;
  GtkButton *primary_button;
  GtkLabel *error;
};

G_DEFINE_FINAL_TYPE (SwcFormWindow, swc_form_window, ADW_TYPE_WINDOW)

/* The primary action: done decides; the window closes, or says what went wrong. */
static void
primary_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcFormWindow *self = SWC_FORM_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!swc_schema_form_get_valid (self->form))
    return;
  if (self->done (self->data, &error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  gtk_label_set_label (self->error, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error), error != NULL);
}

static void
valid_changed_cb (SwcFormWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.primary",
                                 swc_schema_form_get_valid (self->form));
}

static void
swc_form_window_dispose (GObject *object)
{
  SwcFormWindow *self = SWC_FORM_WINDOW (object);

  if (self->destroy)
    g_clear_pointer (&self->data, self->destroy);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_FORM_WINDOW);
  G_OBJECT_CLASS (swc_form_window_parent_class)->dispose (object);
}

static void
swc_form_window_class_init (SwcFormWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_form_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-form-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcFormWindow, box);
  gtk_widget_class_bind_template_child (widget_class, SwcFormWindow, primary_button);
  gtk_widget_class_bind_template_child (widget_class, SwcFormWindow, error);
  gtk_widget_class_install_action (widget_class, "form.primary", NULL, primary_activated);
}

static void
swc_form_window_init (SwcFormWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
swc_form_window_new (GtkWindow *parent, const char *title, const char *primary_label,
                     GtkWidget *page, SwcSchemaForm *form, SwcFormWindowDone done, gpointer data,
                     GDestroyNotify destroy)
{
  SwcFormWindow *self;

  g_return_val_if_fail (GTK_IS_WIDGET (page), NULL);
  g_return_val_if_fail (SWC_IS_SCHEMA_FORM (form), NULL);
  g_return_val_if_fail (done != NULL, NULL);

  self = g_object_new (SWC_TYPE_FORM_WINDOW, "transient-for", parent, "title", title, NULL);
  self->form = form;
  self->done = done;
  self->data = data;
  self->destroy = destroy;
  gtk_button_set_label (self->primary_button, primary_label);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_insert_child_after (self->box, page, gtk_widget_get_first_child (GTK_WIDGET (self->box)));
  g_signal_connect_object (form, "notify::valid", G_CALLBACK (valid_changed_cb), self,
                           G_CONNECT_SWAPPED);
  valid_changed_cb (self);
  swc_schema_form_focus_first (form);
  return GTK_WIDGET (self);
}
