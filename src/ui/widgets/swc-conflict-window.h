/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-session.h"

G_BEGIN_DECLS

#define SWC_TYPE_CONFLICT_WINDOW (swc_conflict_window_get_type ())
G_DECLARE_FINAL_TYPE (SwcConflictWindow, swc_conflict_window, SWC, CONFLICT_WINDOW, AdwWindow)

/* Side by side for each field of a conflicting change: the value it had, theirs (the server's now)
 * and mine; the person picks the result, which is sent. NULL when the change is no longer a
 * conflict. */
GtkWidget *swc_conflict_window_new (GtkWindow *parent, SwcSession *session, gint64 change_id,
                                    const char *schema, const char *label);

G_END_DECLS
