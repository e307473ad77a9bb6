/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef void (*SwcReasonDone) (const char *reason, gpointer data);

GtkWidget *swc_reason_dialog_present (GtkWidget *from, const char *heading, const char *body,
                                      SwcReasonDone done, gpointer data, GDestroyNotify destroy);
void swc_reason_dialog_add_reasons (GtkWidget *dialog, const char *const *reasons);
void swc_reason_dialog_add_mail (GtkWidget *dialog, const char *const *addresses, gboolean bcc,
                                 const char *subject, const char *intro);

G_END_DECLS
