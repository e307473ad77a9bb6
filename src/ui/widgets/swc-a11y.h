/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void swc_a11y_set_name (GtkWidget *widget, const char *name);
void swc_a11y_init (void);
void swc_a11y_name_row (GtkListItem *item, const char *name, const char *description);
void swc_a11y_name_drop_down (GtkWidget *drop_down, const char *name);

G_END_DECLS
