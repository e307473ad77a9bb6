/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-schema-form.h"

G_BEGIN_DECLS

#define SWC_TYPE_FORM_WINDOW (swc_form_window_get_type ())
G_DECLARE_FINAL_TYPE (SwcFormWindow, swc_form_window, SWC, FORM_WINDOW, AdwWindow)

/* Called by the primary button (or Ctrl+Return / Ctrl+S): TRUE closes the window, FALSE with an
 * error shows it. */
typedef gboolean (*SwcFormWindowDone) (gpointer data, GError **error);

/* A small modal window around a form: Cancel (Escape) and a primary button, offered only while the
 * form is valid. page holds the form (and whatever else the window shows); data lives as long as
 * the window. */
GtkWidget *swc_form_window_new (GtkWindow *parent, const char *title, const char *primary,
                                GtkWidget *page, SwcSchemaForm *form, SwcFormWindowDone done,
                                gpointer data, GDestroyNotify destroy);

G_END_DECLS
