/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef void (*SwcReasonDone) (const char *reason, gpointer data);

void swc_reason_dialog_present (GtkWidget *from, const char *heading, const char *body, SwcReasonDone done,
                                gpointer data, GDestroyNotify destroy);

G_END_DECLS
