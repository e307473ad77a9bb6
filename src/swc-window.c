/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "swc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-window.h"

struct _SwcWindow
{
  AdwApplicationWindow parent_instance;

  GSettings     *settings; /* owned */
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (SwcWindow, swc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
swc_window_dispose (GObject *object)
{
  SwcWindow *self = SWC_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_WINDOW);
  G_OBJECT_CLASS (swc_window_parent_class)->dispose (object);
}

static void
swc_window_class_init (SwcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/vng/Catalogusbeheer/swc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, status_page);
}

static void
swc_window_init (SwcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
show_server (SwcWindow *self, SwcApplication *app)
{
  const char *server = swc_application_get_server (app);
  g_autofree char *text = NULL;

  if (server == NULL)
    return;
  /* Translators: %s is the address of the catalogue server */
  text = g_strdup_printf (_("Connected to %s. The journey steps arrive in the next versions."), server);
  adw_status_page_set_description (self->status_page, text);
}

SwcWindow *
swc_window_new (SwcApplication *app)
{
  SwcWindow *self = g_object_new (SWC_TYPE_WINDOW, "application", app, NULL);

  show_server (self, app);
  return self;
}
