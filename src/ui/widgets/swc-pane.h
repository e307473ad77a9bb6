/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The pieces every step page's right-hand pane is made of, so they look and behave the same. */
GtkWidget *swc_pane_scrolled (GtkWidget *content, int maximum_width);
GtkLabel *swc_pane_title (void);
GtkWidget *swc_pane_status (const char *icon, const char *title, const char *description);
GtkListBox *swc_pane_boxed_list (const char *accessible_name, const char *placeholder);
void swc_list_box_clear (GtkListBox *list);
void swc_pane_property (AdwPreferencesGroup *group, const char *title, const char *value);

G_END_DECLS
