/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-session.h"

G_BEGIN_DECLS

/* A window to edit some properties of one object (NULL: every text property); Save queues the
 * changes (validated) and sends them. */
GtkWidget *swc_edit_window_new (GtkWindow *parent, SwcSession *session, const char *uuid,
                                const char *title, const char *const *properties);
void swc_edit_window_open (GtkWidget *from, SwcSession *session, const char *uuid,
                           const char *title, const char *const *properties);

G_END_DECLS
